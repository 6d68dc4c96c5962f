import { deflateSync } from 'node:zlib'

/**
 * The app's icon as a PNG, drawn at build time (no image tool, no binary in the repository): a bus seen from the
 * front, white on the brand colour, inside the middle 60 % so a launcher's mask (circle, squircle) never cuts it.
 * PNG written by hand: signature, IHDR, one IDAT (zlib of filter-0 scanlines), IEND, each chunk with its CRC-32.
 */
const BRAND: Rgb = [0x0b, 0x4f, 0x6c]
const WHITE: Rgb = [0xff, 0xff, 0xff]
type Rgb = [number, number, number]

export function makeIconPng(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 3 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0 // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x / size, y / size)
      const at = y * (size * 3 + 1) + 1 + x * 3
      raw[at] = r
      raw[at + 1] = g
      raw[at + 2] = b
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** The drawing, in the unit square: the bus's body, its windscreen and two wheels. */
function pixel(u: number, v: number): Rgb {
  const inBox = (x0: number, y0: number, x1: number, y1: number) => u >= x0 && u <= x1 && v >= y0 && v <= y1
  if (inBox(0.3, 0.7, 0.4, 0.78) || inBox(0.6, 0.7, 0.7, 0.78)) return WHITE // wheels
  if (inBox(0.34, 0.3, 0.66, 0.47)) return BRAND // windscreen
  if (inBox(0.36, 0.58, 0.42, 0.63) || inBox(0.58, 0.58, 0.64, 0.63)) return BRAND // headlights
  if (inBox(0.28, 0.22, 0.72, 0.7)) return WHITE // body
  return BRAND
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
