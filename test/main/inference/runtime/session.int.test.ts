import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { providerOrder } from '../../../../src/main/inference/runtime/execution-providers'
import { describeProviders, openSession } from '../../../../src/main/inference/runtime/session'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

let model: string
let scratch: string
beforeAll(async () => {
  model = join((await fixturePacks())[TEXT_FIXTURES.gpt2], 'onnx', 'model.onnx')
  scratch = await mkdtemp(join(tmpdir(), 'session-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

describe('openSession', () => {
  it('walks the platform order, ends on a provider that runs, and says why the others did not', async () => {
    const opened = await openSession(model)
    try {
      const order = providerOrder(process.platform, process.arch)
      expect(opened.attempts.map((a) => a.provider)).toEqual(order.slice(0, opened.attempts.length))
      expect(opened.attempts.at(-1)).toEqual({ provider: opened.provider })
      for (const skipped of opened.attempts.slice(0, -1)) expect(skipped.error).toMatch(/\S/)
      expect(describeProviders(opened.attempts)).toMatch(new RegExp(`running on ${opened.provider}$`))
      // This CI machine has no GPU: the GPU provider must have been tried first and skipped.
      if (order.length > 1 && opened.provider === 'cpu') expect(opened.attempts[0].provider).toBe(order[0])
    } finally {
      await opened.session.release()
    }
  })

  it('uses only the CPU when asked', async () => {
    const opened = await openSession(model, 'cpu')
    expect(opened.attempts).toEqual([{ provider: 'cpu' }])
    await opened.session.release()
  })

  it('reports a file onnxruntime cannot load as pack-invalid, naming it', async () => {
    const junk = join(scratch, 'model.onnx')
    await writeFile(junk, 'not a model')
    await expect(openSession(junk, 'cpu')).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining(junk) })
  })
})
