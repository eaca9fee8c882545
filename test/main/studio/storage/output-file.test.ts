import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../../src/main/studio/storage/atomic-file'
import { checkOutputFile } from '../../../../src/main/studio/storage/output-file'

const fresh = () => mkdtempSync(join(tmpdir(), 'tw-output-'))
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])

describe('checkOutputFile', () => {
  it('refuses a missing folder, a folder in place of the file and a path that is not absolute here, before any work', async () => {
    const dir = fresh()
    await expect(checkOutputFile(join(dir, 'missing', 'x.png'), 'image/png')).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('does not exist') })
    mkdirSync(join(dir, 'shelf.pdf'))
    await expect(checkOutputFile(join(dir, 'shelf.pdf'), 'application/pdf')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('folder') })
    await expect(checkOutputFile('relative.pdf', 'application/pdf')).rejects.toMatchObject({ code: 'invalid-input' })
    if (process.platform !== 'win32') {
      await expect(checkOutputFile('C:\\evil.pdf', 'application/pdf')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('absolute') })
      await expect(checkOutputFile('\\\\server\\share\\x.pdf', 'application/pdf')).rejects.toMatchObject({ code: 'invalid-input' })
    }
  })

  it.runIf(process.platform !== 'win32' && process.getuid?.() !== 0)('refuses a folder it cannot write into', async () => {
    const dir = fresh()
    mkdirSync(join(dir, 'locked'))
    chmodSync(join(dir, 'locked'), 0o555)
    await expect(checkOutputFile(join(dir, 'locked', 'x.png'), 'image/png')).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('cannot write') })
  })

  it('never replaces a file of another type without force; replaces its own type, an empty file, or with force', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'notes.txt'), 'my notes')
    await expect(checkOutputFile(join(dir, 'notes.txt'), 'image/png')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('--force') })
    await expect(checkOutputFile(join(dir, 'notes.txt'), 'image/png', { force: true })).resolves.toBeUndefined()
    writeFileSync(join(dir, 'old.png'), PNG)
    await expect(checkOutputFile(join(dir, 'old.png'), 'image/png')).resolves.toBeUndefined()
    writeFileSync(join(dir, 'empty.pdf'), '')
    await expect(checkOutputFile(join(dir, 'empty.pdf'), 'application/pdf')).resolves.toBeUndefined()
    await expect(checkOutputFile(join(dir, 'new.pdf'), 'application/pdf')).resolves.toBeUndefined()
  })

  it('limits writes to the folders given, when some are', async () => {
    const dir = fresh()
    mkdirSync(join(dir, 'allowed'))
    await expect(checkOutputFile(join(dir, 'x.pdf'), 'application/pdf', { writableFolders: [join(dir, 'allowed')] })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('allowed') })
    await expect(checkOutputFile(join(dir, 'allowed', 'x.pdf'), 'application/pdf', { writableFolders: [join(dir, 'allowed')] })).resolves.toBeUndefined()
  })

  it('lets a file the person chose in a save dialog be written outside those folders, and nothing beside it', async () => {
    const dir = fresh()
    const limits = { writableFolders: [join(dir, 'data')], chosenFiles: [join(dir, 'book.pdf')] }
    await expect(checkOutputFile(join(dir, 'book.pdf'), 'application/pdf', limits)).resolves.toBeUndefined()
    await expect(checkOutputFile(join(dir, 'other.pdf'), 'application/pdf', limits)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('outside the folders') })
    await expect(checkOutputFile(join(dir, 'sub', '..', 'book.pdf'), 'application/pdf', limits)).resolves.toBeUndefined()
  })
})

describe.runIf(process.platform !== 'win32')('writeFileAtomic', () => {
  it('keeps the mode of the file it replaces', async () => {
    const path = join(fresh(), 'secret.png')
    writeFileSync(path, PNG)
    chmodSync(path, 0o600)
    await writeFileAtomic(path, PNG)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path)).toEqual(PNG)
  })
})
