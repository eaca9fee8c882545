import { describe, expect, it } from 'vitest'
import { textActivationBytes } from '../../../../src/main/formats/activation-memory'
import { estimatePackFit, fitVerdict } from '../../../../src/main/studio/packs/pack-fit'

const GIB = 2 ** 30

describe('fitVerdict', () => {
  it('fits in free memory, is tight beyond it, too big beyond all, unknown without a total', () => {
    expect(fitVerdict(1 * GIB, 16 * GIB, 4 * GIB)).toBe('fits')
    expect(fitVerdict(6 * GIB, 16 * GIB, 4 * GIB)).toBe('tight')
    expect(fitVerdict(20 * GIB, 16 * GIB, 4 * GIB)).toBe('too-big')
    expect(fitVerdict(6 * GIB, 8 * GIB, null)).toBe('fits')
    expect(fitVerdict(1, null, null)).toBe('unknown')
  })
})

describe('textActivationBytes', () => {
  it('counts GPT-2 small at its 1024-token window: cache, logits, one layer of attention and MLP', () => {
    const shape = { layers: 12, heads: 12, embedding: 768, contextLength: 1024, vocabularySize: 50257 }
    const kvCache = 2 * 12 * 1024 * 768 * 4
    const logits = 1024 * 50257 * 4
    const attention = 2 * 12 * 1024 ** 2 * 4
    const mlp = 4 * 1024 * 768 * 4
    expect(textActivationBytes(shape, 4)).toBe(kvCache + logits + attention + mlp)
    // Half precision halves everything but the float32 logits.
    expect(textActivationBytes(shape, 2)).toBe((kvCache + attention + mlp) / 2 + logits)
  })
})

describe('estimatePackFit on a GPU', () => {
  // A plan as the inference process would make it on a machine with CUDA; no GPU can be present here.
  const plan = { provider: 'cuda', attempts: [{ provider: 'cuda' as const }], gpuIndex: 1, text: null }
  const pack = { id: 'big-pictures', kind: 'image' as const, architecture: 'sd15', dir: '/packs/big', defaults: {}, memoryBytes: 3 * GIB }
  const machine = { totalBytes: 32 * GIB, freeBytes: 1 * GIB, gpus: [{ index: 0, name: 'small', memoryBytes: 2 * GIB }, { index: 1, name: 'large', memoryBytes: 24 * GIB }] }

  it("measures against the chosen GPU's own memory, not the machine's", async () => {
    const fit = await estimatePackFit(pack, plan, machine)
    expect(fit).toMatchObject({ provider: 'cuda', memory: 'gpu', totalBytes: 24 * GIB, freeBytes: null, verdict: 'fits', basis: { width: 512, height: 512 } })
    const onSmall = await estimatePackFit(pack, { ...plan, gpuIndex: 0 }, machine)
    expect(onSmall).toMatchObject({ totalBytes: 2 * GIB, verdict: 'too-big' })
  })

  it('says unknown when the driver does not give the GPU memory', async () => {
    const fit = await estimatePackFit(pack, plan, { ...machine, gpus: [] })
    expect(fit).toMatchObject({ memory: 'gpu', totalBytes: null, verdict: 'unknown' })
  })
})
