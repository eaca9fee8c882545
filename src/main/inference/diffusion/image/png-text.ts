import { crc32 } from 'node:zlib'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * Adds text metadata to a PNG file right after its IHDR chunk: a `tEXt` chunk when the text is
 * Latin-1 (what the PNG spec allows there), else an uncompressed `iTXt` chunk holding UTF-8, so
 * prompts in any script survive. Keywords are 1-79 printable Latin-1 characters.
 */
export function withPngText(png: Buffer, entries: Record<string, string>): Buffer {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('Not a PNG file that starts with IHDR.')
  }
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8)
  const chunks = Object.entries(entries).map(([keyword, text]) => textChunk(keyword, text))
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)])
}

/** Every tEXt and iTXt entry of a PNG file, by keyword (for tests and for reading images back). */
export function readPngText(png: Buffer): Record<string, string> {
  const entries: Record<string, string> = {}
  let offset = 8
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'tEXt') {
      const separator = data.indexOf(0)
      entries[data.toString('latin1', 0, separator)] = data.toString('latin1', separator + 1)
    } else if (type === 'iTXt') {
      // keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
      const keywordEnd = data.indexOf(0)
      const languageEnd = data.indexOf(0, keywordEnd + 3)
      const translatedEnd = data.indexOf(0, languageEnd + 1)
      if (data[keywordEnd + 1] === 0) entries[data.toString('latin1', 0, keywordEnd)] = data.toString('utf8', translatedEnd + 1)
    }
    if (type === 'IEND') break
    offset += 12 + length
  }
  return entries
}

function textChunk(keyword: string, text: string): Buffer {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword !== keyword.trim() || keyword.includes('  ')) {
    throw new Error(`Invalid PNG text keyword ${JSON.stringify(keyword)}.`)
  }
  const latin1 = /^[\n\x20-\x7e\xa0-\xff]*$/.test(text)
  const data = latin1
    ? Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')])
    : Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')])
  return pngChunk(latin1 ? 'tEXt' : 'iTXt', data)
}

/** One PNG chunk: length, type, data and the CRC of type + data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(data.length, 0)
  header.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  // zlib's CRC-32 is the PNG chunk checksum (ISO-HDLC), continued from the type into the data.
  crc.writeUInt32BE(crc32(data, crc32(header.subarray(4))), 0)
  return Buffer.concat([header, data, crc])
}
