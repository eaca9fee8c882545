import { randomBytes } from 'node:crypto'

/** A fresh id for a segment, scene or picture variant: `<kind>-<10 hex digits>`, safe in file names and URLs. */
export function newItemId(kind: 'seg' | 'scene' | 'pic'): string {
  return `${kind}-${randomBytes(5).toString('hex')}`
}
