/** The glyph build failed: the font is missing or fontnik could not render it. */
export class MapGlyphsError extends Error {
  readonly code = 'DASHBOARD_GLYPHS_FAILED'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MapGlyphsError'
  }
}
