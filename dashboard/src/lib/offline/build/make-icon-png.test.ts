import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, makeIconPng } from './make-icon-png.js'

describe('the app icon drawn at build time', () => {
  it('is a valid RGB PNG of the size asked, brand-coloured at the corner and white on the bus', () => {
    const png = makeIconPng(192)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR')
    expect(png.readUInt32BE(16)).toBe(192)
    expect(png.readUInt32BE(20)).toBe(192)
    // each chunk's CRC covers its type and data
    expect(png.readUInt32BE(8 + 8 + 13)).toBe(crc32(png.subarray(12, 8 + 8 + 13)))
    const idatLength = png.readUInt32BE(33)
    const raw = inflateSync(png.subarray(41, 41 + idatLength))
    const row = 192 * 3 + 1
    expect(raw.length).toBe(192 * row)
    expect([...raw.subarray(1, 4)]).toEqual([0x0b, 0x4f, 0x6c]) // top-left corner
    const body = 130 * row + 1 + 96 * 3 // just under the windscreen, in the middle
    expect([...raw.subarray(body, body + 3)]).toEqual([0xff, 0xff, 0xff])
  })

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })
})
