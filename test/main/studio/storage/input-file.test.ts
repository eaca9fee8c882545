import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeUtf8, readInputFile } from '../../../../src/main/studio/storage/input-file'

describe('readInputFile', () => {
  it.runIf(process.platform === 'linux')('refuses a FIFO and a device at once instead of hanging or reading forever', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'tw-input-')), 'picture.png')
    execFileSync('mkfifo', [fifo])
    await expect(readInputFile(fifo, 'the picture', 2 ** 20)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('not a plain file') })
    await expect(readInputFile('/dev/zero', 'the story', 2 ** 20)).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('names the file in an io error, and refuses a file over the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-input-'))
    await expect(readInputFile(join(dir, 'missing.txt'), 'the story', 10)).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('missing.txt: ENOENT') })
    writeFileSync(join(dir, 'long.txt'), 'x'.repeat(11))
    await expect(readInputFile(join(dir, 'long.txt'), 'the story', 10)).rejects.toMatchObject({ code: 'invalid-input' })
  })
})

describe('decodeUtf8', () => {
  it('reports invalid UTF-8 with its line, and passes valid text through', () => {
    const bytes = Buffer.concat([Buffer.from('Once upon a time,\nthere was a fox\n'), Buffer.from([0x66, 0xff, 0x6f, 0x78]), Buffer.from('\nThe end.')])
    expect(() => decodeUtf8(bytes, 'story.txt')).toThrow(/story\.txt is not valid UTF-8 text \(line 3\)/)
    expect(decodeUtf8(Buffer.from('狐狸 🦊\nfox'), 'story.txt')).toBe('狐狸 🦊\nfox')
  })
})
