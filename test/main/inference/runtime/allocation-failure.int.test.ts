import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { DataType, GraphBuilder, encodeModel } from '../../../../tools/fixtures/onnx/graph-builder'
import { engineErrorData } from '../../../../src/main/inference/runtime/allocation-failure'

let folder: string | undefined
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** A model whose output has as many floats as its input asks for: a size no machine can hold fails to allocate at once. */
async function openAllocatingModel(): Promise<ort.InferenceSession> {
  folder = await mkdtemp(join(tmpdir(), 'taleweaver-alloc-'))
  const graph = new GraphBuilder()
  const shape = graph.input('shape', DataType.int64, [1])
  graph.op('ConstantOfShape', [shape], {}, 'filled')
  graph.output('filled', DataType.float, ['length'])
  const path = join(folder, 'allocate.onnx')
  await writeFile(path, encodeModel(graph.toGraph('allocate')))
  return ort.InferenceSession.create(path)
}

describe('engineErrorData', () => {
  it('reports a real onnxruntime allocation failure as memory, with what to try', async () => {
    const session = await openAllocatingModel()
    // 2^40 floats = 4 TiB: onnxruntime's arena refuses it without touching the memory.
    const failure = await session.run({ shape: new ort.Tensor('int64', BigInt64Array.from([2n ** 40n]), [1]) }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(Error)
    const data = engineErrorData(failure)
    expect(data.code).toBe('out-of-memory')
    expect(data.message).toMatch(/ran out of memory/)
    expect(data.message).toMatch(/smaller picture/)
    expect(data.details).toMatchObject({ cause: expect.stringContaining('Failed to allocate memory') })
  })

  it('reports bad_alloc as memory too, and leaves other failures as they were', () => {
    expect(engineErrorData(new Error('std::bad_alloc')).code).toBe('out-of-memory')
    expect(engineErrorData(new Error('Got invalid dimensions for input: sample')).code).toBe('internal')
  })
})
