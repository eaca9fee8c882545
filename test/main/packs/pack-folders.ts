import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Writes a small pack folder with a valid pack.json for registry tests (the files are plain
 * bytes, not models: these tests never run an engine).
 */
export async function writeTestPack(
  root: string,
  id: string,
  kind: 'text' | 'image',
  files: Record<string, string | Uint8Array> = { 'onnx/model.onnx': `model of ${id}` },
  extra: Record<string, unknown> = {},
): Promise<string> {
  const dir = join(root, id)
  const listed = []
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    const bytes = Buffer.from(content)
    await writeFile(join(dir, path), bytes)
    listed.push({ path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
  }
  const manifest = {
    formatVersion: 1,
    id,
    name: `Pack ${id}`,
    version: '1.0.0',
    licence: 'MIT',
    kind,
    architecture: kind === 'text' ? 'gpt2' : 'sd15',
    files: listed,
    defaults: kind === 'text' ? { temperature: 0.7 } : { steps: 4 },
    ...extra,
  }
  await writeFile(join(dir, 'pack.json'), JSON.stringify(manifest))
  return dir
}
