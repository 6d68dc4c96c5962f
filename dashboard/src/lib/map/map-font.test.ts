import { describe, expect, it } from 'vitest'
import { GLYPH_RANGE_STARTS, glyphRangeName } from './map-font.js'

describe('map font', () => {
  it('serves Latin, Arabic and the Arabic presentation forms the RTL plugin shapes into', () => {
    // A, alef, lam (initial form), lam-alef, keheh (final form, Forms-A)
    for (const codePoint of [0x41, 0x627, 0xfedf, 0xfefb, 0xfb8f]) expect(GLYPH_RANGE_STARTS).toContain(codePoint - (codePoint % 256))
  })

  it('names ranges as MapLibre asks for them', () => {
    expect(GLYPH_RANGE_STARTS.every((start) => start % 256 === 0)).toBe(true)
    expect(glyphRangeName(65024)).toBe('65024-65279')
  })
})
