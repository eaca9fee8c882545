import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ContractError } from '../../../../src/shared/errors'
import { extractZip, type ZipLimits } from '../../../../src/main/studio/packs/zip-extract'
import { craftZip, type RawEntry } from './zip-crafter'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tw-zip-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** Every path under the temp area except inside the extraction target. */
async function listingOutside(): Promise<string[]> {
  const all = await readdir(root, { recursive: true })
  return all.filter((path) => path !== 'pack' && !path.startsWith(`pack/`)).sort()
}

const limits: ZipLimits = { maxEntries: 20, maxTotalBytes: 1_000_000 }

async function extractHostile(entries: RawEntry[]): Promise<string> {
  const zipPath = join(root, 'in.zip')
  await writeFile(zipPath, craftZip(entries))
  const target = join(root, 'pack')
  const before = await listingOutside()
  let message = ''
  try {
    await extractZip(zipPath, target, limits)
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).code).toBe('pack-invalid')
    message = (error as Error).message
  }
  expect(message).not.toBe('')
  expect(await listingOutside()).toEqual(before)
  expect(existsSync(join(root, 'pack-evil'))).toBe(false)
  return message
}

describe('extractZip', () => {
  it('extracts a plain archive', async () => {
    const zipPath = join(root, 'ok.zip')
    await writeFile(zipPath, craftZip([{ name: 'p/' }, { name: 'p/a.txt', data: 'hello' }, { name: 'p/b/c.bin', data: 'x'.repeat(5000), deflate: true }]))
    await extractZip(zipPath, join(root, 'pack'), limits)
    expect((await readdir(join(root, 'pack'), { recursive: true })).sort()).toEqual(['p', 'p/a.txt', 'p/b', 'p/b/c.bin'])
  })

  it.each([
    ['../pack-evil/x.txt'],
    ['/tmp/pack-evil/x.txt'],
    ['p/../../pack-evil/x.txt'],
    ['..\\pack-evil\\x.txt'],
    ['C:/pack-evil/x.txt'],
    ['p/\u0000.txt'],
  ])('refuses the entry name %j and writes nothing outside the target', async (name) => {
    await extractHostile([{ name: 'p/ok.txt', data: 'fine' }, { name, data: 'evil' }])
  })

  it('refuses symlinks, even ones that come before a file inside them', async () => {
    const message = await extractHostile([
      { name: 'link', data: '../pack-evil', mode: 0o120777 },
      { name: 'link/x.txt', data: 'evil' },
    ])
    expect(message).toMatch(/symbolic link/)
  })

  it('refuses too many entries, and a declared size over the cap', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }))
    expect(await extractHostile(many)).toMatch(/25 entries/)
    expect(await extractHostile([{ name: 'big.bin', data: new Uint8Array(2_000_000), deflate: true }])).toMatch(/expands to more than/)
  })

  it('stops a deflate bomb whose header lies about its size', async () => {
    const message = await extractHostile([{ name: 'bomb.bin', data: new Uint8Array(30_000_000), deflate: true, declaredSize: 100 }])
    expect(message).toMatch(/bytes|expected/)
  })

  it('refuses an archive that repeats a name', async () => {
    await extractHostile([
      { name: 'a.txt', data: 'one' },
      { name: 'a.txt', data: 'two' },
    ])
  })
})
