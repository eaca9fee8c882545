import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** Protocol-buffer wire types. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const

/** Thrown for bytes that cannot be a protocol buffer; callers turn it into a pack error. */
export class MalformedProtoError extends Error {}

const WINDOW_BYTES = 64 * 1024

/**
 * Reads a protocol-buffer file field by field without loading it: length-delimited fields that
 * the caller does not need (weights, above all) are skipped by moving the position, so a model
 * of any size costs a few reads of its structure. Synchronous, for use off the main thread.
 */
export class ProtoFileReader {
  readonly size: number
  private readonly window = Buffer.alloc(WINDOW_BYTES)
  private windowStart = 0
  private windowLength = 0
  position = 0

  private constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size
  }

  /** Opens a file, runs `read` over it, and always closes it. */
  static use<T>(path: string, read: (reader: ProtoFileReader) => T): T {
    const fd = openSync(path, 'r')
    try {
      return read(new ProtoFileReader(fd))
    } finally {
      closeSync(fd)
    }
  }

  /**
   * Calls `onField` for every field up to `end`; the callback must consume the field's value
   * (read it, or `skip` it) before returning.
   */
  fields(end: number, onField: (field: number, wireType: number) => void): void {
    while (this.position < end) {
      const key = this.varint()
      const field = Math.floor(key / 8)
      const wireType = key & 7
      if (field === 0) throw new MalformedProtoError('a field number of 0')
      onField(field, wireType)
      if (this.position > end) throw new MalformedProtoError('a field runs past the end of its message')
    }
  }

  /** An unsigned varint as a number (exact up to 2^53). */
  varint(): number {
    const value = this.varintBig()
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedProtoError('a varint too large for this field')
    return Number(value)
  }

  /** A varint as int64 (two's complement for negative values). */
  int64(): bigint {
    return BigInt.asIntN(64, this.varintBig())
  }

  /** The end offset of a length-delimited field whose length comes next. */
  lengthEnd(): number {
    const length = this.varint()
    const end = this.position + length
    if (end > this.size) throw new MalformedProtoError('a field longer than the file')
    return end
  }

  /** A UTF-8 string field; longer strings than `max` bytes are refused (names, not data). */
  string(max = 64 * 1024): string {
    const end = this.lengthEnd()
    if (end - this.position > max) throw new MalformedProtoError(`a name longer than ${max} bytes`)
    const bytes = this.bytes(end - this.position)
    return bytes.toString('utf8')
  }

  /** Skips the value of a field of the given wire type. */
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varintBig()
    else if (wireType === WireType.fixed64) this.advance(8)
    else if (wireType === WireType.fixed32) this.advance(4)
    else if (wireType === WireType.bytes) this.position = this.lengthEnd()
    else throw new MalformedProtoError(`unsupported wire type ${wireType}`)
  }

  /** Repeated int64 values, packed or not, appended to `into`. */
  repeatedInt64(wireType: number, into: bigint[]): void {
    if (wireType === WireType.varint) {
      into.push(this.int64())
      return
    }
    if (wireType !== WireType.bytes) throw new MalformedProtoError('an integer list of the wrong wire type')
    const end = this.lengthEnd()
    while (this.position < end) into.push(this.int64())
  }

  private varintBig(): bigint {
    let result = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte()
      result |= BigInt(byte & 0x7f) << shift
      if (byte < 0x80) return result
    }
    throw new MalformedProtoError('a varint longer than 10 bytes')
  }

  private advance(count: number): void {
    if (this.position + count > this.size) throw new MalformedProtoError('the file ends inside a field')
    this.position += count
  }

  private byte(): number {
    if (this.position >= this.size) throw new MalformedProtoError('the file ends inside a field')
    if (this.position < this.windowStart || this.position >= this.windowStart + this.windowLength) this.fill()
    return this.window[this.position++ - this.windowStart]
  }

  private bytes(count: number): Buffer {
    if (this.position + count > this.size) throw new MalformedProtoError('the file ends inside a field')
    const out = Buffer.alloc(count)
    readSync(this.fd, out, 0, count, this.position)
    this.position += count
    return out
  }

  private fill(): void {
    this.windowStart = this.position
    this.windowLength = readSync(this.fd, this.window, 0, WINDOW_BYTES, this.position)
  }
}
