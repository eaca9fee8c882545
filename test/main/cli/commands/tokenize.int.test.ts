import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTextPack } from '../../../../src/main/inference/text/pack/text-pack-config'
import { IMAGE_FIXTURES, TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { runTaleweaver } from '../run-taleweaver'

let home: string
let textPack: string
let imagePack: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
  const packs = await fixturePacks()
  textPack = packs[TEXT_FIXTURES.gpt2]
  imagePack = packs[IMAGE_FIXTURES.sd]
})
afterAll(() => rm(home, { recursive: true, force: true }))

describe('taleweaver tokenize', () => {
  it('prints {ids, count} for a text pack', async () => {
    const { code, stdout } = await taleweaver('tokenize', '--pack', textPack, 'Once upon a time', '--json')
    expect(code).toBe(0)
    const { ids, count } = JSON.parse(stdout)
    expect(count).toBe(ids.length)
    const { tokenizer } = await readTextPack(textPack)
    expect(ids).toEqual(tokenizer.encode('Once upon a time'))
  })

  it("gives the CLIP ids an image pack's text encoder sees", async () => {
    const { code, stdout } = await taleweaver('tokenize', '--pack', imagePack, 'a photo of a cat', '--json')
    expect(code).toBe(0)
    const { ids } = JSON.parse(stdout)
    // The image pack's CLIP tokenizer pads to its 77 positions (a text pack would give 4 ids).
    expect(ids).toHaveLength(77)
  })
})
