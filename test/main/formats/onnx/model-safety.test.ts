import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ContractError } from '../../../../src/shared/errors'
import { inspectModelFile } from '../../../../src/main/formats/onnx/model-safety'
import { addGraph, encodeEdited, encodeModel, writeExternalModel, writeModel } from './model-files'

let root: string
let pack: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tw-onnx-'))
  pack = join(root, 'pack')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).code).toBe('pack-invalid')
    return (error as ContractError).message
  }
  throw new Error('expected a refusal')
}

describe('inspectModelFile', () => {
  it('reads the inputs and outputs with their dtypes and symbolic dims', async () => {
    await writeModel(join(pack, 'model.onnx'), encodeModel(addGraph()))
    const inspection = inspectModelFile(pack, 'model.onnx')
    expect(inspection.inputs).toEqual([{ name: 'x', type: 'float32', shape: ['batch_size', 4] }])
    expect(inspection.outputs).toEqual([{ name: 'y', type: 'float32', shape: ['batch_size', 4] }])
    expect(inspection.tensorBytes).toBe(16)
    expect(inspection.externalFiles).toEqual([])
  })

  it('accepts external data inside the pack and names its file', async () => {
    await writeExternalModel(join(pack, 'unet'), 'weights.pb')
    const inspection = inspectModelFile(pack, 'unet/model.onnx', { packFiles: new Set(['unet/model.onnx', 'unet/weights.pb']) })
    expect(inspection.externalFiles).toEqual(['unet/weights.pb'])
    expect(inspection.tensorBytes).toBe(256)
  })

  it('refuses external data that leaves the pack, is absolute, missing, unlisted, a symlink or too short', async () => {
    await writeExternalModel(pack, '../outside.bin')
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/climbs out/)
    await writeExternalModel(pack, '/etc/passwd', join(root, 'ignored'))
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/absolute/)
    await writeExternalModel(pack, 'C:\\weights.pb', join(root, 'ignored'))
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/model.onnx: .*backslash/)

    await writeExternalModel(pack, 'weights.pb')
    expect(refusal(() => inspectModelFile(pack, 'model.onnx', { packFiles: new Set(['model.onnx']) }))).toMatch(/not a file of the pack/)
    await truncate(join(pack, 'weights.pb'), 100)
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/past the end/)
    await rm(join(pack, 'weights.pb'))
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/missing/)
    await writeFile(join(root, 'secret.bin'), Buffer.alloc(256))
    await symlink(join(root, 'secret.bin'), join(pack, 'weights.pb'))
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/not a regular file/)
  })

  it('refuses operators that would need a custom-op library', async () => {
    const model = encodeEdited((m) => {
      m.graph!.node![0].domain = 'ai.onnx.contrib'
      m.opsetImport!.push({ domain: 'ai.onnx.contrib', version: 1 })
    })
    await writeModel(join(pack, 'model.onnx'), model)
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/ai\.onnx\.contrib.*custom-op/)
  })

  it('refuses declared tensor sizes over the budget, and inline data that does not match its dims', async () => {
    const huge = encodeEdited((m) => {
      m.graph!.initializer![0].dims = [1_000_000, 1_000_000]
    })
    await writeModel(join(pack, 'model.onnx'), huge)
    expect(refusal(() => inspectModelFile(pack, 'model.onnx'))).toMatch(/budget/)
    expect(refusal(() => inspectModelFile(pack, 'model.onnx', { tensorBudgetBytes: 2 ** 60 }))).toMatch(/declares 4000000000000 bytes but stores 16/)
    await writeModel(join(pack, 'model.onnx'), encodeModel(addGraph()))
    expect(refusal(() => inspectModelFile(pack, 'model.onnx', { tensorBudgetBytes: 8 }))).toMatch(/budget/)
  })

  it('turns arbitrary or truncated bytes into pack-invalid errors only', async () => {
    const valid = encodeModel(addGraph())
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
      fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, value]) => {
        const copy = valid.slice()
        copy[at] = value
        return copy
      }),
    )
    await fc.assert(
      fc.asyncProperty(bytes, async (data) => {
        await writeModel(join(pack, 'model.onnx'), data)
        try {
          inspectModelFile(pack, 'model.onnx')
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError)
          expect(['pack-invalid']).toContain((error as ContractError).code)
        }
      }),
      { numRuns: 300 },
    )
  })
})
