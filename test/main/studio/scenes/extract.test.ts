import { describe, expect, it } from 'vitest'
import { MAX_SCENES, stylePresets } from '../../../../src/shared/contract'
import { ContractError } from '../../../../src/shared/errors'
import { extractScenes } from '../../../../src/main/studio/scenes/extract'
import { grimmBook, grimmTales, hasCorpus } from './corpus-tales'
import { expectValidScenes } from './scene-invariants'
import { chineseStory, frenchStory, gretelStory, toadStory, unpunctuatedStory } from './stories'
import { prerequisite } from '../../../prerequisites'

const TALES = ['Rapunzel', 'Hansel and Grethel', 'Little Red-Cap', 'Cinderella', 'Rumpelstiltskin', 'The Frog-King, or Iron Henry']

describe('extractScenes on hand-written stories', () => {
  it('follows the story: one scene per paragraph of the Gretel story, each with its cast, place and action', () => {
    const result = extractScenes(gretelStory, { count: 4 })
    expectValidScenes(gretelStory, result, 4)
    const scenes = result.scenes.map((scene) => ({ text: gretelStory.slice(scene.span.start, scene.span.end), characters: scene.characters, setting: scene.setting, action: scene.action }))
    expect(scenes[1]).toEqual({
      text: 'One day Hansel and Gretel walked deep into the dark forest to gather berries.',
      characters: ['Hansel', 'Gretel'],
      setting: 'in the dark forest',
      action: 'Hansel and Gretel walking deep into the dark forest',
    })
    expect(scenes[3].characters).toEqual(['Gretel', 'Hansel'])
    expect(scenes[3].setting).toBe('in the forest, at night')
    expect(result.scenes[1].prompt).toBe(
      "Hansel and Gretel walking deep into the dark forest, Hansel, a boy, Gretel, a little girl, watercolor children's book illustration, soft washes, gentle pastel colors, white paper texture, whimsical",
    )
  })

  it('carries each character description into every prompt of a scene they are in', () => {
    const result = extractScenes(gretelStory, { count: 4 })
    for (const scene of result.scenes) {
      for (const name of scene.characters) {
        const character = result.characters.find((candidate) => candidate.name === name)
        expect(scene.prompt).toContain(character?.description)
      }
    }
    expect(result.scenes[0].seed).toBe(result.characters.find((character) => character.name === result.scenes[0].characters[0])?.seed)
  })

  it('makes about one scene per 120 words by default, and at least one', () => {
    expect(extractScenes(gretelStory).scenes).toHaveLength(1)
    const long = Array.from({ length: 10 }, () => gretelStory).join('\n\n')
    expect(extractScenes(long).scenes).toHaveLength(Math.round((gretelStory.split(/\s+/).length * 10) / 120))
    expect(extractScenes('Tom ran.').scenes).toHaveLength(1)
  })

  it('writes each style into its prompts and negative prompts', () => {
    const prompts = stylePresets.map((style) => extractScenes(toadStory, { count: 2, style }).scenes[0])
    expect(new Set(prompts.map((scene) => scene.prompt)).size).toBe(stylePresets.length)
    expect(new Set(prompts.map((scene) => scene.negativePrompt)).size).toBe(stylePresets.length)
    expect(prompts[1].prompt).toContain('pen and ink')
  })

  it('is deterministic', () => {
    expect(extractScenes(toadStory, { count: 3 })).toEqual(extractScenes(toadStory, { count: 3 }))
  })
})

describe('extractScenes on bad input', () => {
  it('refuses an empty story with a message a person can act on', () => {
    for (const story of ['', '   \n\n ', '... !!! ?']) {
      expect(() => extractScenes(story)).toThrow(ContractError)
    }
    expect(() => extractScenes('')).toThrow(/empty/)
  })

  it('still finds scenes in a story without sentence punctuation', () => {
    const result = extractScenes(unpunctuatedStory, { count: 5 })
    expectValidScenes(unpunctuatedStory, result, 5)
  })

  it('says so when asked for more scenes than the story has sentences', () => {
    const result = extractScenes('Tom ran home. He ate his soup.', { count: 5 })
    expectValidScenes('Tom ran home. He ate his soup.', result, 2)
    expect(result.notices[0]).toMatch(/2 sentences.*not 5/)
  })

  it('handles a Chinese-only story: English prompts from the roles and places it recognises', () => {
    const result = extractScenes(chineseStory, { count: 3 })
    expectValidScenes(chineseStory, result, 3)
    expect(result.notices.some((notice) => notice.includes('English'))).toBe(true)
    const forest = result.scenes.find((scene) => scene.setting.includes('forest'))
    expect(forest).toBeDefined()
    expect(result.scenes.some((scene) => /wolf/.test(scene.prompt))).toBe(true)
  })

  it('handles accented Latin text it cannot read as English', () => {
    const result = extractScenes(frenchStory, { count: 3 })
    expectValidScenes(frenchStory, result, 3)
    expect(result.characters.map((character) => character.name)).toContain('Élodie')
    expect(result.notices.some((notice) => notice.includes('English'))).toBe(true)
  })

  // The bound is a guard against quadratic work (Intl.Segmenter on a whole megabyte takes a minute); the benchmark measures the real time.
  it.skipIf(!prerequisite('the corpus in ../shared/data/corpus', hasCorpus))('extracts from a megabyte-long story, capping the scene count', { timeout: 30_000 }, () => {
    const story = grimmBook(1_000_000)
    const result = extractScenes(story)
    expectValidScenes(story, result, MAX_SCENES)
    expect(result.notices[0]).toMatch(/made 200/)
  })

  it('extracts from a megabyte without punctuation or line breaks', { timeout: 30_000 }, () => {
    const story = unpunctuatedStory.repeat(Math.ceil(1_000_000 / unpunctuatedStory.length)).slice(0, 1_000_000)
    expectValidScenes(story, extractScenes(story, { count: 50 }), 50)
  })
})

describe.skipIf(!hasCorpus)('extractScenes on tales from the public-domain corpus', () => {
  const tales = hasCorpus ? grimmTales(TALES) : []

  it.each(TALES)('keeps every rule on %s for several counts', (title) => {
    const { text } = tales.find((tale) => tale.title === title)!
    for (const count of [1, 3, 8]) expectValidScenes(text, extractScenes(text, { count }), count)
    const byDefault = extractScenes(text)
    expectValidScenes(text, byDefault)
    // About one per 120 words (word counts differ by a few, "Red-Cap" being one word or two).
    expect(Math.abs(byDefault.scenes.length - text.split(/\s+/).length / 120)).toBeLessThanOrEqual(1)
    expect(extractScenes(text, { count: 8 })).toEqual(extractScenes(text, { count: 8 }))
  })

  it('finds the heroes of the tales', () => {
    const names = (title: string) => extractScenes(tales.find((tale) => tale.title === title)!.text).characters.map((character) => character.name)
    expect(names('Rapunzel')).toEqual(expect.arrayContaining(['Rapunzel', 'Enchantress', "King's son"]))
    expect(names('Hansel and Grethel')).toEqual(expect.arrayContaining(['Hansel', 'Grethel', 'Witch']))
    expect(names('Little Red-Cap')).toEqual(expect.arrayContaining(['Little Red-Cap', 'Wolf', 'Grandmother']))
    expect(names('Rumpelstiltskin')).toEqual(expect.arrayContaining(['Rumpelstiltskin', 'Miller', 'King']))
  })
})
