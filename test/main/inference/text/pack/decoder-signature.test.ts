import { describe, expect, it } from 'vitest'
import { readDecoderSignature } from '../../../../../src/main/inference/text/pack/decoder-signature'
import type { TextPackConfig } from '../../../../../src/main/inference/text/pack/text-pack-config'

const config: TextPackConfig = {
  layers: 2,
  heads: 4,
  embedding: 32,
  contextLength: 128,
  vocabularySize: 512,
  endOfTextIds: [511],
  startId: 511,
  generationDefaults: {},
}

type Meta = { name: string; isTensor: true; type: string; shape: (number | string)[] }
const t = (name: string, type: string, shape: (number | string)[]): Meta => ({ name, isTensor: true, type, shape })

/** Metadata shaped like an Optimum GPT-2 export (see docs/model-formats.md). */
function exportMetadata(options: { positionIds?: boolean; merged?: boolean; cache?: string; past?: boolean; layers?: number; heads?: number } = {}) {
  const { positionIds = true, merged = false, cache = 'float32', past = true, layers = 2, heads = 4 } = options
  const inputs: Meta[] = [t('input_ids', 'int64', ['batch_size', 'sequence_length']), t('attention_mask', 'int64', ['batch_size', 'past_sequence_length + sequence_length'])]
  if (positionIds) inputs.push(t('position_ids', 'int64', ['batch_size', 'sequence_length']))
  const outputs: Meta[] = [t('logits', 'float32', ['batch_size', 'sequence_length', 512])]
  for (let i = 0; i < layers; i++) {
    for (const part of ['key', 'value']) {
      if (past) inputs.push(t(`past_key_values.${i}.${part}`, cache, ['batch_size', heads, 'past_sequence_length', 8]))
      outputs.push(t(`present.${i}.${part}`, cache, ['batch_size', heads, 'past_sequence_length + sequence_length', 8]))
    }
  }
  if (merged) inputs.push(t('use_cache_branch', 'bool', [1]))
  return { inputs, outputs }
}

const read = (meta: { inputs: Meta[]; outputs: Meta[] }, requirePast = true) =>
  readDecoderSignature('/packs/x/onnx/model.onnx', meta.inputs as never, meta.outputs as never, config, requirePast)

describe('readDecoderSignature', () => {
  it('reads a current export: position ids, float32 cache', () => {
    expect(read(exportMetadata())).toEqual({
      file: '/packs/x/onnx/model.onnx',
      inputIdsType: 'int64',
      attentionMaskType: 'int64',
      positionIdsType: 'int64',
      hasCacheBranch: false,
      pastNames: ['past_key_values.0.key', 'past_key_values.0.value', 'past_key_values.1.key', 'past_key_values.1.value'],
      presentNames: ['present.0.key', 'present.0.value', 'present.1.key', 'present.1.value'],
      cacheType: 'float32',
      logitsType: 'float32',
      heads: 4,
      headSize: 8,
    })
  })

  it('adapts to older, merged and float16 exports', () => {
    expect(read(exportMetadata({ positionIds: false })).positionIdsType).toBeNull()
    expect(read(exportMetadata({ merged: true })).hasCacheBranch).toBe(true)
    expect(read(exportMetadata({ cache: 'float16' })).cacheType).toBe('float16')
  })

  it('accepts the first file of a legacy pair, which has no past inputs', () => {
    const signature = read(exportMetadata({ past: false }), false)
    expect(signature.pastNames).toEqual([])
    expect(signature.presentNames).toHaveLength(4)
  })

  it.each([
    ['a missing layer', exportMetadata({ layers: 1 }), /has no output "present\.1\.key" \(config\.json: n_layer 2\)/],
    ['an extra layer', exportMetadata({ layers: 3 }), /"past_key_values\.2\.key" but config\.json says n_layer is 2/],
    ['a wrong head count', exportMetadata({ heads: 12 }), /"present\.0\.key" has 12 heads but config\.json says n_head is 4/],
    ['no past inputs where they are needed', exportMetadata({ past: false }), /has no input "past_key_values\.0\.key"/],
  ])('refuses %s, naming the file', (_, meta, message) => {
    expect(() => read(meta)).toThrow(expect.objectContaining({ code: 'pack-invalid', message: expect.stringMatching(message) }))
    expect(() => read(meta)).toThrow(/^\/packs\/x\/onnx\/model\.onnx: /)
  })

  it('refuses inputs it cannot feed and outputs of the wrong size', () => {
    const extra = exportMetadata()
    extra.inputs.push(t('token_type_ids', 'int64', ['batch_size', 'sequence_length']))
    expect(() => read(extra)).toThrow(/input "token_type_ids" is not one a GPT-2 decoder takes/)
    const vocab = exportMetadata()
    vocab.outputs[0] = t('logits', 'float32', ['batch_size', 'sequence_length', 50257])
    expect(() => read(vocab)).toThrow(/"logits" has 50257 entries per token but config\.json says vocab_size is 512/)
    const ids = exportMetadata()
    ids.inputs[0] = t('input_ids', 'float32', ['batch_size', 'sequence_length'])
    expect(() => read(ids)).toThrow(/"input_ids" is float32; expected int64 or int32/)
  })
})
