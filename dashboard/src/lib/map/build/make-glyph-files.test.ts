import { describe, expect, it } from 'vitest'
import { GLYPH_RANGE_STARTS, glyphRangeName, GLYPHS_DIR, LABEL_FONT_STACK } from '../map-font.js'
import { codePointsOf, makeGlyphFiles, makeGlyphRange, readLabelFont } from './make-glyph-files.js'

/** Just enough of protobuf to read a glyph PBF (fontnik's proto/glyphs.proto: glyphs → stacks → glyphs). */
function readFields(bytes: Uint8Array): Array<{ field: number; value: number | Uint8Array }> {
  const fields: Array<{ field: number; value: number | Uint8Array }> = []
  let at = 0
  const varint = () => {
    let value = 0
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
    }
  }
  while (at < bytes.length) {
    const key = varint()
    const [field, wire] = [Math.floor(key / 8), key % 8]
    if (wire === 0) fields.push({ field, value: varint() })
    else if (wire === 2) {
      const length = varint()
      fields.push({ field, value: bytes.subarray(at, at + length) })
      at += length
    } else throw new Error(`unexpected wire type ${wire}`)
  }
  return fields
}

interface Glyph { id: number; width: number; height: number; bitmapBytes: number }

function readGlyphs(pbf: Uint8Array): Glyph[] {
  const [stack, ...others] = readFields(pbf)
  expect(others).toEqual([])
  return readFields(stack!.value as Uint8Array)
    .filter((f) => f.field === 3)
    .map((f) => {
      const glyph = new Map(readFields(f.value as Uint8Array).map((g) => [g.field, g.value]))
      const bitmap = glyph.get(2)
      return { id: glyph.get(1) as number, width: glyph.get(3) as number, height: glyph.get(4) as number, bitmapBytes: bitmap instanceof Uint8Array ? bitmap.length : 0 }
    })
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
// Presentation Forms-B: the isolated, final, initial and medial forms of the Arabic letters, and lam-alef (not U+FE75).
const FORMS_B = range(0xfe70, 0xfefc).filter((c) => c !== 0xfe75)

describe('map glyphs', () => {
  it('come from a font that has the Arabic letters in every joined form, and Latin', async () => {
    const points = await codePointsOf(await readLabelFont())
    expect(FORMS_B.filter((c) => !points.has(c))).toEqual([])
    expect(range(0x621, 0x64a).filter((c) => !points.has(c))).toEqual([]) // the Arabic letters
    expect(range(0x20, 0x7e).filter((c) => !points.has(c))).toEqual([]) // printable ASCII
  })

  it('renders each glyph of a range as a signed distance field with its 3 px border', async () => {
    const glyphs = readGlyphs(await makeGlyphRange(await readLabelFont(), 65024))
    const ids = new Set(glyphs.map((g) => g.id))
    expect(FORMS_B.filter((c) => !ids.has(c))).toEqual([])
    expect(glyphs.every((g) => g.id >= 65024 && g.id <= 65279)).toBe(true)
    const lamInitial = glyphs.find((g) => g.id === 0xfedf)!
    expect(lamInitial.width).toBeGreaterThan(0)
    for (const g of glyphs.filter((x) => x.width > 0)) expect(g.bitmapBytes).toBe((g.width + 6) * (g.height + 6))
  })

  it('makes a file per range served, in the layout MapLibre asks for, with the font licence beside them', async () => {
    const files = await makeGlyphFiles()
    expect(files.map((f) => f.path)).toEqual([
      ...GLYPH_RANGE_STARTS.map((start) => `${GLYPHS_DIR}/${LABEL_FONT_STACK}/${glyphRangeName(start)}.pbf`),
      `${GLYPHS_DIR}/OFL.txt`,
    ])
    expect(new TextDecoder().decode(files.at(-1)!.bytes)).toContain('SIL Open Font License, Version 1.1')
    const latin = readGlyphs(files[0]!.bytes)
    expect(latin.map((g) => g.id)).toEqual(expect.arrayContaining(range(0x41, 0x5a)))
  })
})
