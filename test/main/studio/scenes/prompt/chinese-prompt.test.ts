import { describe, expect, it } from 'vitest'
import { extractScenes } from '../../../../../src/main/studio/scenes/extract'
import { chinesePromptOf } from '../../../../../src/main/studio/scenes/prompt/chinese-prompt'
import { foxStory } from '../chinese-stories'

describe('chinesePromptOf', () => {
  const board = extractScenes(foxStory, { count: 14 })
  const scene = board.scenes.find((entry) => foxStory.slice(entry.span.start, entry.span.end).startsWith('有一天'))!

  it('tells the scene in Chinese with the bible\'s descriptions and the style\'s medium', () => {
    expect(chinesePromptOf(foxStory, scene, board)).toBe('有一天，阿福在河边遇见了一只小白兔，阿福，一只小狐狸，一只小白兔，水彩儿童绘本插画，柔和的色彩')
  })

  it('shortens the scene\'s text, never the characters or the medium, to 75 characters', () => {
    const long = `${'阿福走啊走，'.repeat(30)}。`
    const prompt = chinesePromptOf(long, { span: { start: 0, end: long.length }, characters: ['阿福'] }, { characters: board.characters, style: 'ink' })
    expect([...prompt].length).toBeLessThanOrEqual(75)
    expect(prompt.endsWith('阿福，一只小狐狸，钢笔线描绘本插画，黑白')).toBe(true)
  })
})
