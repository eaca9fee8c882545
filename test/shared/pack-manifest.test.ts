import { posix, win32 } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PackManifest, unsafePathReason } from '../../src/shared/pack-manifest'

const sha = 'a'.repeat(64)

function textManifest(overrides: Record<string, unknown> = {}) {
  return {
    formatVersion: 1,
    id: 'starter-story',
    name: 'Starter Story',
    version: '1.0.0',
    licence: 'MIT',
    kind: 'text',
    architecture: 'gpt2',
    files: [{ path: 'onnx/model.onnx', size: 123, sha256: sha }],
    defaults: { maxNewTokens: 120, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.2, noRepeatNgramSize: 3 },
    ...overrides,
  }
}

/** Whether a path that passed validation stays inside a pack folder under both path flavours. */
function staysInside(path: string): boolean {
  const posixTarget = posix.resolve('/packs/p', path)
  const winTarget = win32.resolve('C:\\packs\\p', path)
  const posixRel = posix.relative('/packs/p', posixTarget)
  const winRel = win32.relative('C:\\packs\\p', winTarget)
  // A name such as "..!" starts with two dots yet stays inside: only a ".." segment climbs.
  const climbs = (rel: string, sep: string) => rel === '..' || rel.startsWith(`..${sep}`)
  return (
    posixRel !== '' && !climbs(posixRel, '/') && !posix.isAbsolute(posixRel) &&
    winRel !== '' && !climbs(winRel, '\\') && !win32.isAbsolute(winRel)
  )
}

describe('pack manifest schema', () => {
  it('accepts the documented text and image manifests', () => {
    expect(PackManifest.safeParse(textManifest()).success).toBe(true)
    const image = textManifest({
      id: 'starter-pictures',
      kind: 'image',
      architecture: 'sd-turbo',
      defaults: { steps: 1, guidance: 0, width: 512, height: 512, scheduler: 'euler' },
      source: { repo: 'stabilityai/sd-turbo', revision: 'main' },
      memoryBytes: 3_000_000_000,
    })
    expect(PackManifest.safeParse(image).success).toBe(true)
  })

  it('accepts an upscaler manifest with its scale and tile, and refuses a scale it cannot run', () => {
    const upscaler = (defaults: Record<string, unknown>) => textManifest({ id: 'starter-upscaler', kind: 'upscaler', architecture: 'esrgan', defaults })
    expect(PackManifest.safeParse(upscaler({ scale: 4, tile: 128 })).success).toBe(true)
    expect(PackManifest.safeParse(upscaler({})).success).toBe(true)
    expect(PackManifest.safeParse(upscaler({ scale: 3 })).success).toBe(false)
    expect(PackManifest.safeParse(upscaler({ steps: 20 })).success).toBe(false)
  })

  it('refuses architectures and defaults of the other kind, unknown fields and newer formats', () => {
    expect(PackManifest.safeParse(textManifest({ architecture: 'sd15' })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ defaults: { steps: 20 } })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ extra: true })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ formatVersion: 2 })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ kind: 'upscaler' })).success).toBe(false)
  })

  it.each([
    ['../x.onnx'],
    ['onnx/../../x'],
    ['/etc/passwd'],
    ['C:/x.onnx'],
    ['c:x'],
    ['onnx\\model.onnx'],
    ['onnx/model.onnx\u0000.txt'],
    ['onnx//model.onnx'],
    ['./model.onnx'],
    ['onnx/'],
    ['NUL.txt'],
    ['onnx/model.onnx.'],
    [''],
  ])('refuses the file path %j', (path) => {
    expect(unsafePathReason(path)).not.toBeNull()
    const manifest = textManifest({ files: [{ path, size: 1, sha256: sha }] })
    expect(PackManifest.safeParse(manifest).success).toBe(false)
  })

  it('refuses bad hashes, sizes and duplicate paths', () => {
    const file = { path: 'a.onnx', size: 1, sha256: sha }
    expect(PackManifest.safeParse(textManifest({ files: [{ ...file, sha256: 'A'.repeat(64) }] })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ files: [{ ...file, sha256: 'a'.repeat(63) }] })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ files: [{ ...file, size: -1 }] })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ files: [{ ...file, size: 1.5 }] })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ files: [file, { ...file, path: 'A.onnx' }] })).success).toBe(false)
    expect(PackManifest.safeParse(textManifest({ files: [{ ...file, path: 'pack.json' }] })).success).toBe(false)
  })

  it('gives only validation results for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => PackManifest.safeParse(value)).not.toThrow()
      }),
      { numRuns: 500 },
    )
  })

  it('keeps every accepted file path inside the pack, under POSIX and Windows path rules', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '', 'C:', 'c:', 'onnx', 'model.onnx', 'a\\..', '\u0000', ' ', 'x.', 'con', '~', '%2e%2e', '..!', '...x', 'a..b'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    )
    const path = fc.oneof(fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/')), fc.string())
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 4 }), (paths) => {
        const files = paths.map((p) => ({ path: p, size: 1, sha256: sha }))
        const parsed = PackManifest.safeParse(textManifest({ files }))
        if (parsed.success) for (const file of parsed.data.files) expect(staysInside(file.path), file.path).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('gives only validation results for mutated manifests', () => {
    const mutation = fc.record({ key: fc.constantFrom(...Object.keys(textManifest()), 'source', 'memoryBytes'), value: fc.jsonValue() })
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
        const manifest: Record<string, unknown> = textManifest()
        for (const { key, value } of mutations) manifest[key] = value
        const parsed = PackManifest.safeParse(manifest)
        if (parsed.success) for (const file of parsed.data.files) expect(staysInside(file.path)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})
