import type { StoryLanguage, StorySegment } from '../../../../shared/contract'
import { isMostlyChinese } from '../../scenes/text/words'

/**
 * The story's language, from what the person wrote: 'zh' for Chinese, else undefined (the text
 * decides). A model's continuation (English words in a Chinese story, say) must not change how
 * the story is read.
 */
export function storyLanguage(document: { segments: readonly StorySegment[] }): StoryLanguage | undefined {
  const written = document.segments.filter((segment) => segment.origin === 'person').map((segment) => segment.text).join('')
  return isMostlyChinese(written) ? 'zh' : undefined
}
