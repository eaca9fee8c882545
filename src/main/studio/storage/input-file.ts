import { readFile, stat } from 'node:fs/promises'
import { ContractError } from '../../../shared/errors'
import { describeIoError } from './atomic-file'

/**
 * Reads a file a person named as input, refusing at once what is not a plain file (a FIFO would
 * block forever, /dev/zero never ends) or is larger than `maxBytes`; a failed read is an `io`
 * error naming the file. `what` names it in messages ("the story").
 */
export async function readInputFile(path: string, what: string, maxBytes: number): Promise<Buffer> {
  const info = await stat(path).catch((error: unknown) => {
    throw new ContractError('io', `Could not read ${what} from ${path}: ${describeIoError(error)}.`)
  })
  if (!info.isFile()) throw new ContractError('invalid-input', `${path} is not a plain file (a folder, pipe or device): give ${what} as a file.`)
  if (info.size > maxBytes) throw new ContractError('invalid-input', `${path} is ${info.size} bytes; ${what} may be at most ${maxBytes}.`)
  return readFile(path).catch((error: unknown) => {
    throw new ContractError('io', `Could not read ${what} from ${path}: ${describeIoError(error)}.`)
  })
}

/** UTF-8 text, or an `invalid-input` error naming the first line that is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    return decoder.decode(bytes)
  } catch {
    let line = 1
    let start = 0
    for (let index = 0; index <= bytes.length; index++) {
      if (index < bytes.length && bytes[index] !== 0x0a) continue
      try {
        decoder.decode(bytes.subarray(start, index))
      } catch {
        throw new ContractError('invalid-input', `${source} is not valid UTF-8 text (line ${line}): save it as UTF-8 and try again.`, { line })
      }
      line += 1
      start = index + 1
    }
    throw new ContractError('invalid-input', `${source} is not valid UTF-8 text: save it as UTF-8 and try again.`)
  }
}
