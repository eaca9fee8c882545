import type { BookPage, Span } from '../../../shared/contract'
import { findParagraphs } from '../scenes/text/segment'

/**
 * The pages of a storybook made from a story and its scenes: the story is cut before each scene
 * (at the start of the paragraph holding it, when that paragraph begins after the scene before),
 * so every page carries its scene's text and what follows up to the next one, and together the
 * pages hold the whole story in order. `spans` must follow the story and not overlap, as
 * extraction gives them; page i gets image i.
 */
export function pagesFromScenes(story: string, spans: readonly Span[], images: readonly (string | undefined)[] = []): BookPage[] {
  if (spans.length === 0) return story.trim() === '' ? [] : [{ text: story.trim() }]
  return pageRanges(story, spans).map((range, index) => {
    const text = story.slice(range.start, range.end).trim()
    const image = images[index]
    return image === undefined ? { text } : { text, image }
  })
}

/**
 * Where each scene's page starts and ends in the story (end exclusive), as {@link pagesFromScenes}
 * cuts it: together the ranges cover the whole story.
 */
export function pageRanges(story: string, spans: readonly Span[]): Span[] {
  const paragraphStarts = findParagraphs(story).map((paragraph) => paragraph.start)
  const cuts = spans.map((span, index) => {
    if (index === 0) return 0
    const previousEnd = spans[index - 1].end
    const paragraphStart = paragraphStarts.filter((start) => start > previousEnd && start <= span.start).pop()
    return paragraphStart ?? span.start
  })
  return cuts.map((start, index) => ({ start, end: cuts[index + 1] ?? story.length }))
}
