import { normalizeForm } from './mentions'

/**
 * A character's seed: FNV-1a of the normalised name, so "Gretel" gets the same seed in every
 * story and every run, and pictures of her start from the same noise.
 */
export function seedForName(name: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(normalizeForm(name))) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}
