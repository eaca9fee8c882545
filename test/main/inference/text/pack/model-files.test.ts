import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findTextModelFiles, listTextModelFiles } from '../../../../../src/main/inference/text/pack/model-files'

let dir: string
async function folderWith(...files: string[]): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'text-pack-'))
  for (const file of files) {
    await mkdir(join(dir, file, '..'), { recursive: true })
    await writeFile(join(dir, file), '')
  }
  return dir
}
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('findTextModelFiles', () => {
  it('prefers full precision, then single over merged over pair', async () => {
    const root = await folderWith('onnx/model_quantized.onnx', 'onnx/decoder_model_merged.onnx', 'onnx/model.onnx', 'onnx/model.onnx_data')
    const all = await listTextModelFiles(root)
    expect(all.map((f) => `${f.dtype}:${f.layout}`)).toEqual(['fp32:single', 'fp32:merged', 'q8:single'])
    expect(await findTextModelFiles(root)).toEqual({ layout: 'single', dtype: 'fp32', prefill: join(root, 'onnx/model.onnx'), decode: join(root, 'onnx/model.onnx') })
  })

  it('picks by dtype when asked', async () => {
    const root = await folderWith('onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_q4.onnx')
    expect((await findTextModelFiles(root, ['q4', 'fp16'])).prefill).toBe(join(root, 'onnx/model_q4.onnx'))
    expect((await findTextModelFiles(root, ['int8', 'fp16'])).dtype).toBe('fp16')
  })

  it('pairs the legacy decoder files, also at the folder root (Optimum layout)', async () => {
    const root = await folderWith('decoder_model.onnx', 'decoder_with_past_model.onnx')
    expect(await findTextModelFiles(root)).toEqual({
      layout: 'pair',
      dtype: 'fp32',
      prefill: join(root, 'decoder_model.onnx'),
      decode: join(root, 'decoder_with_past_model.onnx'),
    })
  })

  it('does not count half a pair, or files named unlike an export', async () => {
    const root = await folderWith('onnx/decoder_model.onnx', 'onnx/my_model.onnx', 'onnx/model.onnx.bak')
    await expect(findTextModelFiles(root)).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining(join(root, 'onnx')) })
  })
})
