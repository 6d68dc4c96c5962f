/**
 * The label font and glyph path are the api's as well (its basemap styles name them): defined once in @masar/model.
 * The glyphs are made at build time (build/vite-plugin-map-glyphs.ts) and served by the api with the dashboard.
 * Imported by path, not by package name: vite.config.ts loads this module through the build plugin, and Vite's config
 * loader leaves package imports to Node, which cannot load the model's TypeScript; a relative import it bundles.
 */
export { GLYPHS_DIR, GLYPHS_URL, LABEL_FONT_STACK } from '../../../../gtfs/model/src/map/map-glyphs.js'

/**
 * The first code point of each range served: Basic Latin and Latin-1, Latin Extended-A/B, Arabic, Arabic Supplement,
 * General Punctuation (dashes, quotes, joiners), and Arabic Presentation Forms-A and -B. MapLibre fetches a range
 * only when a label on screen needs it, and draws a code point outside them with a local font.
 */
export const GLYPH_RANGE_STARTS: readonly number[] = [0, 256, 1536, 1792, 8192, 64256, 64512, 64768, 65024]

export function glyphRangeName(start: number): string {
  return `${start}-${start + 255}`
}
