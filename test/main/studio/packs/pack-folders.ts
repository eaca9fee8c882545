import { join } from 'node:path'
import { writePack, type FixtureManifest } from '../../../../tools/fixtures/pack-writer'
import { packsMethods } from '../../../../src/main/inference/packs/methods'
import type { InspectModels } from '../../../../src/main/studio/packs/install-pack'

/**
 * Writes a small pack folder with a valid pack.json for registry tests (the files are plain
 * bytes, not models: these tests never run an engine).
 */
export async function writeTestPack(
  root: string,
  id: string,
  kind: 'text' | 'image',
  files: Record<string, string | Uint8Array> = { 'onnx/model.onnx': `model of ${id}` },
): Promise<string> {
  const dir = join(root, id)
  const manifest: FixtureManifest = {
    id,
    name: `Pack ${id}`,
    version: '1.0.0',
    licence: 'MIT',
    kind,
    architecture: kind === 'text' ? 'gpt2' : 'sd15',
    defaults: kind === 'text' ? { temperature: 0.7 } : { steps: 4 },
  }
  await writePack(dir, manifest, files)
  return dir
}

/** The inference process's model inspection, run in this process (what the studio sends it). */
export const inspectInProcess: InspectModels = (params, signal) => packsMethods['packs.inspect'](params, { signal, emit: () => {} })
