import { describe, expect, it } from 'vitest'
import { buildPrompt } from '../../../../../src/main/studio/scenes/prompt/build-prompt'

describe('buildPrompt cost', () => {
  it('stays quick with the most characters and the longest descriptions a board may hold', () => {
    const characters = Array.from({ length: 100 }, (_, i) => ({ name: `Char${i}`, description: 'a tall person with a red hat and a long green coat '.repeat(40).slice(0, 2000) }))
    const started = performance.now()
    const few = buildPrompt({ action: 'Char1 meeting Char2 by the river', characters: characters.slice(0, 3), setting: 'in the woods', style: 'watercolor' })
    const all = buildPrompt({ action: 'Char1 meeting Char2 by the river', characters, setting: 'in the woods', style: 'watercolor' })
    // One scene used to take seconds here (each dropped word rebuilt the whole prompt); a board holds up to 1,000.
    expect(performance.now() - started).toBeLessThan(1500)
    expect(few.prompt).toMatch(/^Char1 meeting Char2 by the river, Char0, a tall person/)
    expect(all.prompt.startsWith('Char1 meeting Char2 by, Char0, Char1, Char2')).toBe(true)
  })
})
