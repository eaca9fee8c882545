import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClipTokenizer } from '../../../../src/main/inference/diffusion/clip-tokenizer'
import { extractScenes } from '../../../../src/main/studio/scenes/extract'
import { promptCharacter, romanizeName } from '../../../../src/main/studio/scenes/prompt/chinese-english'
import { segmentStory } from '../../../../src/main/studio/scenes/text/segment'
import { CLIP_PROMPT_TOKENS } from '../../../../src/main/studio/scenes/prompt/token-budget'
import { caoChongStory, foxStory, simaGuangStory } from './chinese-stories'
import { prerequisite } from '../../../prerequisites'
import { expectValidScenes } from './scene-invariants'

const clipDir = join(import.meta.dirname, '../../../../../shared/data/sd15/tokenizer')
const hasClip = prerequisite('the real CLIP tokenizer (shared/data/sd15)', existsSync(join(clipDir, 'vocab.json')))

const stories = [
  { title: 'the fox story (written for the tests)', story: foxStory, names: ['阿福', '小白兔', '龙', '妈妈'], english: ['Afu', 'little white rabbit', 'dragon', 'mother'] },
  { title: 'Sima Guang breaks the vat (History of Song)', story: simaGuangStory, names: ['司马光'], english: ['Sima Guang'] },
  { title: 'Cao Chong weighs the elephant (Records of the Three Kingdoms)', story: caoChongStory, names: ['曹冲', '孙权', '太祖', '巨象'], english: ['Cao Chong', 'Sun Quan', 'Taizu', 'huge elephant'] },
]

describe.each(stories)('scenes of a Chinese story: $title', ({ story, names, english }) => {
  const result = extractScenes(story, { count: 4 })

  it('finds the characters by word segmentation and part of speech, with a Chinese bible', () => {
    const bible = result.characters.map((character) => character.name)
    expect(bible).toEqual(expect.arrayContaining(names))
    expect(names.map((name) => promptCharacter(result.characters.find((character) => character.name === name)!).name)).toEqual(english)
    for (const character of result.characters) expect(character.description).toMatch(/^\p{Script=Han}+$/u)
  })

  it('makes scenes of whole sentences, in story order', () => {
    expectValidScenes(story, result, 4)
    const sentences = segmentStory(story).sentences
    for (const { span } of result.scenes) {
      expect(sentences.some((sentence) => sentence.start === span.start)).toBe(true)
      expect(sentences.some((sentence) => sentence.end === span.end)).toBe(true)
      expect(story.slice(span.start, span.end)).toMatch(/[。！？][”」』]?$/u)
    }
  })

  it('writes English prompts that name each scene\'s characters and place in English', () => {
    for (const scene of result.scenes) {
      expect(scene.prompt).not.toMatch(/\p{Script=Han}/u)
      expect(scene.setting).not.toMatch(/\p{Script=Han}/u)
      // The place's noun: "in the boat" gives way to an action that already shows the boat.
      if (scene.setting !== '') expect(scene.prompt).toContain(scene.setting.split(', ')[0].split(' ').pop())
      for (const name of scene.characters) {
        expect(scene.prompt).toContain(promptCharacter(result.characters.find((character) => character.name === name)!).name)
      }
    }
  })

  it.skipIf(!hasClip)('keeps every prompt within 75 CLIP tokens (real SD 1.5 vocabulary)', async () => {
    const tokenizer = await ClipTokenizer.load(clipDir)
    for (const scene of result.scenes) expect(tokenizer.encode(scene.prompt).count).toBeLessThanOrEqual(CLIP_PROMPT_TOKENS)
  })
})

describe('Chinese scenes in detail', () => {
  it('folds a role into the name it introduces: the little fox named Afu is one character', () => {
    const afu = extractScenes(foxStory).characters.find((character) => character.name === '阿福')!
    expect(afu).toMatchObject({ description: '一只小狐狸', aliases: ['小狐狸'] })
    expect(promptCharacter(afu)).toEqual({ name: 'Afu', description: 'a little fox with red fur' })
  })

  it('keeps a quotation with the words that say who spoke it', () => {
    const texts = segmentStory(foxStory).sentences.map(({ start, end }) => foxStory.slice(start, end))
    expect(texts).toContain('“你好！”小白兔说，“你要去哪儿？”')
    expect(texts).toContain('阿福说：“我要去森林里找红色的蘑菇。”')
  })

  it('renders places, actions, objects and colours through the lexicon', () => {
    const { scenes } = extractScenes(foxStory, { count: 14 })
    const prompts = scenes.map((scene) => scene.prompt)
    expect(prompts).toContainEqual(expect.stringMatching(/^Afu meeting little white rabbit, .*in the riverbank/))
    expect(prompts).toContainEqual(expect.stringMatching(/^mother holding hot tea, .*in the doorway/))
    expect(prompts).toContainEqual(expect.stringMatching(/looking for red mushrooms/))
  })

  it('romanizes names as English text writes them', () => {
    expect(['司马光', '曹冲', '阿福', '小红', '孙悟空'].map(romanizeName)).toEqual(['Sima Guang', 'Cao Chong', 'Afu', 'Xiaohong', 'Sun Wukong'])
  })

  it('reads a story as Chinese when told, though its letters are mostly English', () => {
    const story = 'Tom和Mary是好朋友。有一天，Tom和Mary在森林里遇见了一只小狐狸。小狐狸说：“Hello！”'
    const asChinese = extractScenes(story, { language: 'zh', count: 1 })
    expect(asChinese.characters.map((character) => character.name)).toContain('小狐狸')
    expect(asChinese.scenes[0].prompt).toContain('little fox')
  })
})
