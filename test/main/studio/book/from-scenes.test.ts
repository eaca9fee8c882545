import { describe, expect, it } from 'vitest'
import { pagesFromScenes } from '../../../../src/main/studio/book/from-scenes'
import { extractScenes } from '../../../../src/main/studio/scenes/extract'
import { gretelStory } from '../scenes/stories'

describe('pagesFromScenes', () => {
  it('gives each scene a page holding its span, cut at paragraph starts, the whole story in order', () => {
    const { scenes } = extractScenes(gretelStory, { count: 4 })
    const pages = pagesFromScenes(gretelStory, scenes.map((scene) => scene.span), ['a', 'b', 'c', 'd'].map((letter) => `data:image/png;base64,${letter}`))
    expect(pages).toHaveLength(4)
    pages.forEach((page, index) => {
      expect(page.text).toContain(gretelStory.slice(scenes[index].span.start, scenes[index].span.end))
      expect(page.image).toMatch(/^data:image\/png/)
    })
    expect(pages.map((page) => page.text).join('\n\n')).toBe(gretelStory)
    expect(pages[1].text.startsWith('One day Hansel and Gretel')).toBe(true)
  })

  it('leaves pages without a picture when there are fewer pictures than scenes', () => {
    const pages = pagesFromScenes('One. Two. Three.', [{ start: 0, end: 4 }, { start: 5, end: 9 }], ['data:image/png;base64,AA=='])
    expect(pages).toEqual([{ text: 'One.', image: 'data:image/png;base64,AA==' }, { text: 'Two. Three.' }])
  })
})
