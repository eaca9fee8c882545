import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { PICTURE_RECORD_KEY, PictureRecord } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'

/** The record embedded in a picture Taleweaver drew; a clear error for any other file. */
export async function readPictureRecord(path: string): Promise<PictureRecord> {
  const png = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ContractError(error.code === 'ENOENT' ? 'not-found' : 'io', `Could not read ${path}: ${error.message}`)
  })
  const comments = await sharp(png)
    .metadata()
    .then((metadata) => metadata.comments ?? [])
    .catch(() => {
      throw new ContractError('invalid-input', `${path} is not an image.`)
    })
  const text = comments.find((comment) => comment.keyword === PICTURE_RECORD_KEY)?.text
  if (text === undefined) throw new ContractError('invalid-input', `${path} carries no Taleweaver record (${PICTURE_RECORD_KEY}); only pictures Taleweaver drew can be rebuilt.`)
  let record: unknown
  try {
    record = JSON.parse(text)
  } catch {
    throw new ContractError('invalid-input', `The record in ${path} is damaged.`)
  }
  const parsed = PictureRecord.safeParse(record)
  if (!parsed.success) throw new ContractError('invalid-input', `The record in ${path} is damaged or from a newer Taleweaver.`)
  return parsed.data
}
