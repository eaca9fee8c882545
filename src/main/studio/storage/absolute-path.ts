import { isAbsolute, resolve } from 'node:path'
import { ContractError } from '../../../shared/errors'

/**
 * A path given by a caller, checked by the rules of the platform the studio runs on: on Linux
 * `C:\evil.pdf` and `\\server\share\x.pdf` are relative names, never places to write or read.
 * Returns it normalised; `what` names it in the message ("the PDF to write").
 */
export function requireAbsolutePath(path: string, what: string): string {
  if (!isAbsolute(path)) throw new ContractError('invalid-input', `${path} is not an absolute path on this machine: give the full path of ${what}.`)
  return resolve(path)
}
