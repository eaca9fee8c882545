import { ContractError } from '../../shared/errors'
import type { PackResolver } from './resolver'

/** Opens the pack registry over the bundled packs and the user's data folder. */
export function openPackRegistry(_dataDir: string, _resourcesDir: string): PackResolver {
  const missing = async (): Promise<never> => {
    throw new ContractError('unsupported', 'Model packs are not available in this build.')
  }
  return { resolve: missing, openFolder: missing }
}
