/** File types the studio reads or writes, told apart by their first bytes (never by the name). */
export type FileType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'application/pdf'

const SIGNATURES: readonly [FileType, (bytes: Uint8Array) => boolean][] = [
  ['image/png', (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff])],
  ['image/webp', (bytes) => latin1(bytes, 0, 4) === 'RIFF' && latin1(bytes, 8, 12) === 'WEBP'],
  ['image/gif', (bytes) => latin1(bytes, 0, 4) === 'GIF8'],
  ['application/pdf', (bytes) => latin1(bytes, 0, 5) === '%PDF-'],
]

/** Bytes enough to recognise every type above. */
export const SIGNATURE_BYTES = 12

/** The type the first bytes of a file announce, or null for anything else. */
export function fileTypeOf(head: Uint8Array): FileType | null {
  return SIGNATURES.find(([, matches]) => matches(head))?.[0] ?? null
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte)
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.subarray(start, end)).toString('latin1')
}
