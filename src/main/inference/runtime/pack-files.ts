import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ContractError } from '../../../shared/errors'

/** Reads a text file of a pack; a missing or unreadable one is `pack-invalid`, naming it. */
export async function readPackText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new ContractError('pack-invalid', `The pack has no readable ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`)
  }
}

/**
 * Reads a JSON object of a pack. With `optional`, a missing file is `{}` (component configs and
 * tokenizer configs are often absent); a present but malformed one is always `pack-invalid`.
 */
export async function readPackJson(path: string, options: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
  if (options.optional && !existsSync(path)) return {}
  const text = await readPackText(path)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ContractError('pack-invalid', `${path} is not valid JSON (${(error as Error).message}).`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ContractError('pack-invalid', `${path} should hold a JSON object.`)
  }
  return value as Record<string, unknown>
}
