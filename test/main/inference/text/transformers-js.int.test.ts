import { Tensor } from '@huggingface/transformers'
import { beforeAll, describe, expect, it } from 'vitest'
import { generate } from '../../../../src/main/inference/text/generation/generate'
import { resolveSettings } from '../../../../src/main/inference/text/generation/settings'
import { loadTextModel } from '../../../../src/main/inference/text/text-model'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { openPeerGpt2 } from '../../../fixtures/transformers-js'

/** transformers.js reads the same folders: its greedy tokens are a second, independent answer. */
let packs: Record<string, string>
beforeAll(async () => {
  packs = await fixturePacks()
})

const PROMPTS = ['Once upon a time, the dragon', 'The little fox said: "No!"', '从前，有一只小狐狸。']
const NEW_TOKENS = 16

describe('greedy tokens equal transformers.js greedy tokens', () => {
  for (const name of Object.values(TEXT_FIXTURES)) {
    it(name, async () => {
      const { tokenizer: peerTokenizer, model: peer } = await openPeerGpt2(name)
      const ours = await loadTextModel(packs[name], { provider: 'cpu' })
      try {
        for (const prompt of PROMPTS) {
          // The peer tokenizes; the prompt starts as the model was trained ([CLS] for WordPiece),
          // and special tokens other than the end are never generated, as in ours.
          const peerIds = (peerTokenizer(prompt, { add_special_tokens: false }).input_ids.tolist() as bigint[][])[0].map(Number)
          const promptIds = [...ours.tokenizer.promptPrefix, ...peerIds]
          const promptLength = promptIds.length
          const ids64 = (values: number[]) => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length])
          const banned = [...ours.tokenizer.specialIds].filter((id) => !ours.config.endOfTextIds.includes(id)).map((id) => [id])
          const output = (await peer.generate({
            input_ids: ids64(promptIds),
            attention_mask: ids64(promptIds.map(() => 1)),
            max_new_tokens: NEW_TOKENS,
            do_sample: false,
            ...(banned.length > 0 ? { bad_words_ids: banned } : {}),
          })) as { tolist(): bigint[][] }
          const expected = output.tolist()[0].map(Number).slice(promptLength)

          const ids: number[] = []
          const settings = resolveSettings({ greedy: true, maxNewTokens: NEW_TOKENS }, {}, ours.config.generationDefaults)
          const result = await generate(ours, prompt, settings, { onToken: (id) => ids.push(id) })
          // transformers.js keeps a final end-of-text token; ours ends the text before it.
          const peerTokens = expected.at(-1) === ours.config.endOfTextIds[0] ? expected.slice(0, -1) : expected
          expect(ids).toEqual(peerTokens)
          expect(ids.length).toBeGreaterThan(NEW_TOKENS / 2)
          expect(result.promptTokens).toBe(promptLength)
        }
      } finally {
        await peer.dispose()
        await ours.decoder.release()
      }
    })
  }
})
