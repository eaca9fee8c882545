import { PackRegistry } from './registry'

/** Opens the pack registry over the bundled packs and the user's data folder. */
export function openPackRegistry(dataDir: string, resourcesDir: string): PackRegistry {
  return new PackRegistry({ dataDir, resourcesDir })
}
