import { describe, expect, it } from 'vitest'
import { storyLanguage } from '../../../../../src/main/studio/core/projects/story-language'
import { titleFor } from '../../../../../src/main/studio/core/whole-book'

const segment = (origin: 'person' | 'generated', text: string) =>
  origin === 'person' ? { id: 'seg-1', origin, text } : { id: 'seg-2', origin, text, pack: { id: 'p', name: 'P', version: '1' }, seed: 1, settings: {} }

describe('storyLanguage', () => {
  it('reads the language from what the person wrote, whatever the model added', () => {
    const segments = [segment('person', '从前，有一只小狐狸。'), segment('generated', ' and then the fox ran far away into the forest, singing loudly')]
    expect(storyLanguage({ segments: segments as never })).toBe('zh')
    expect(storyLanguage({ segments: [segment('person', 'Once upon a time, a fox.')] as never })).toBeUndefined()
    expect(storyLanguage({ segments: [segment('person', 'むかしむかし、きつねがいました。')] as never })).toBeUndefined()
  })
})

describe('titleFor', () => {
  it('titles a Chinese story from its hero in Chinese', () => {
    expect(titleFor('从前，有一只小狐狸。', '小狐狸')).toBe('小狐狸的故事')
    expect(titleFor('Once upon a time, Gretel.', 'Gretel')).toBe('The Tale of Gretel')
  })
})
