import { describe, expect, it } from 'vitest'
import { analyzeStory } from '../../../../../src/main/studio/scenes/analysis'
import { seedForName } from '../../../../../src/main/studio/scenes/characters/seed'
import { chineseStory, gretelStory, toadStory } from '../stories'

/** Who is present in the sentence that contains `fragment`. */
function presentIn(story: string, fragment: string): string[] {
  const analysis = analyzeStory(story)
  const offset = story.indexOf(fragment)
  const index = analysis.segmentation.sentences.findIndex((sentence) => sentence.start <= offset && offset < sentence.end)
  return analysis.casts[index].present
}

describe('character bible', () => {
  it('finds named and role characters, folding "the girl" into the girl called Gretel', () => {
    const { characters } = analyzeStory(gretelStory)
    expect(characters.map((character) => character.name)).toEqual(['Gretel', 'Hansel', 'Witch'])
    const byName = Object.fromEntries(characters.map((character) => [character.name, character]))
    expect(byName.Gretel.description).toBe('a little girl')
    expect(byName.Hansel.description).toBe('a boy')
    expect(byName.Witch.description).toBe('an old witch in a dark cloak')
  })

  it('joins titles to names and takes the short form as an alias', () => {
    const { characters } = analyzeStory(toadStory)
    const toad = characters.find((character) => character.name === 'Mr. Toad')
    expect(toad?.aliases).toContain('Toad')
    expect(toad?.description).toBe('a man')
    expect(characters.map((character) => character.name)).toContain('Ratty')
  })

  it('gives each character a seed derived from the name alone', () => {
    const { characters } = analyzeStory(gretelStory)
    for (const character of characters) expect(character.seed).toBe(seedForName(character.name))
    expect(seedForName('Gretel')).toBe(seedForName(' gretel '))
    expect(seedForName('Gretel')).not.toBe(seedForName('Hansel'))
    expect(Number.isInteger(seedForName('Gretel')) && seedForName('Gretel') >= 0 && seedForName('Gretel') < 2 ** 32).toBe(true)
  })

  it('links pronouns to the character a sentence continues with', () => {
    // "she" opens the sentence after Gretel's: Gretel pushes the witch, not the witch herself.
    expect(presentIn(gretelStory, 'Then she pushed the witch')).toEqual(['Gretel', 'Witch'])
    expect(presentIn(gretelStory, 'She ran to the cage')).toEqual(['Gretel', 'Hansel'])
    // "They" is the group named together just before.
    expect(presentIn(gretelStory, 'They lost their way')).toEqual(['Hansel', 'Gretel'])
    expect(presentIn(gretelStory, 'She seized Hansel')).toEqual(['Witch', 'Hansel'])
  })

  it('does not take a proper name written in lowercase, or a role noun used as a verb, for the character', () => {
    const story = 'Rapunzel sat in the tower. Rapunzel sang. The woman ate a salad of rapunzel. A bear came by. The bear growled. "I cannot bear it," said Rapunzel.'
    const analysis = analyzeStory(story)
    expect(analysis.characters.map((character) => character.name)).toEqual(['Rapunzel', 'Bear'])
    expect(presentIn(story, 'The woman ate')).not.toContain('Rapunzel')
    expect(presentIn(story, 'I cannot bear it')).toEqual(['Rapunzel'])
  })

  it('finds the characters of a Chinese story by role words and names, described in Chinese', () => {
    const { characters } = analyzeStory(chineseStory)
    expect(characters.map(({ name, description, aliases }) => ({ name, description, aliases }))).toEqual([
      { name: '小红', description: '一个小女孩', aliases: ['小女孩'] },
      { name: '大灰狼', description: '一只大灰狼', aliases: ['狼'] },
      { name: '奶奶', description: '奶奶', aliases: [] },
    ])
    expect(presentIn(chineseStory, '她在树下遇到了')).toContain('小红')
  })

  it('uses a given bible instead of its own guesses', () => {
    const bible = [{ name: 'Gretel', description: 'a girl in a red dress', seed: 1, aliases: ['the child'] }]
    const analysis = analyzeStory('Gretel sang. The child danced in the garden.', bible)
    expect(analysis.characters).toEqual(bible)
    expect(analysis.casts.map((cast) => cast.present)).toEqual([['Gretel'], ['Gretel']])
  })
})
