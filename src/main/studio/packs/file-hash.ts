import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/**
 * The sha256 of a file, streamed in chunks so a multi-gigabyte weight file never sits in
 * memory and the event loop keeps turning between chunks.
 * @param onBytes called with the size of each chunk read (progress).
 */
export async function sha256File(path: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer)
    onBytes?.((chunk as Buffer).length)
  }
  return hash.digest('hex')
}
