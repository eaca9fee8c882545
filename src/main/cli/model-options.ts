import { stat } from 'node:fs/promises'
import type { z } from 'zod'
import { ContractError } from '../../shared/errors'
import type { Studio } from '../studio/core/studio'

/**
 * The pack a model command runs with: the folder given by --pack (opened as a pack, which
 * gives its id), or undefined for the active pack of the kind the call needs.
 */
export async function packFromOption(studio: Studio, dir: string | undefined): Promise<string | undefined> {
  return dir === undefined ? undefined : studio.packs.openFolder(dir)
}

/**
 * The pack a command runs with when --pack may be an installed pack's id or a folder: an
 * existing folder is opened as a pack, anything else is taken as an id (a wrong one fails with
 * `not-found` when the job's pack is resolved).
 */
export async function packFromIdOrFolder(studio: Studio, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined
  const isFolder = await stat(value).then(
    (info) => info.isDirectory(),
    () => false,
  )
  return isFolder ? studio.packs.openFolder(value) : value
}

/**
 * Checks values given on the command line against the contract's schema for them, before
 * anything runs. Flags left out are left out of the input (the pack's defaults apply); a
 * refused value is one `invalid-input` line naming its flag, e.g. "--temperature: must be <=10."
 */
export function parseFlagValues<Schema extends z.ZodType>(schema: Schema, values: Record<string, unknown>, flagOf: Record<string, string>): z.output<Schema> {
  const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined))
  const parsed = schema.safeParse(given)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = String(issue.path[0])
  throw new ContractError('invalid-input', `${flagOf[field] ?? field}: ${issue.message.replace(/^Too (big|small): expected number to be /, 'must be ')}.`)
}
