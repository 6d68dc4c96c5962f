/**
 * The font of map labels and where the map finds its glyphs: Noto Sans Arabic (SIL OFL 1.1), whose Google Fonts
 * build covers Latin as well as Arabic and its presentation forms (what the RTL text plugin shapes Arabic into).
 * Its glyphs are signed-distance-field PBFs, one file per 256 code points, made at build time
 * (build/vite-plugin-map-glyphs.ts) and served by the api with the dashboard: nothing is fetched from the internet.
 * The api caches them for a year: give the stack a new name when the font changes.
 */
export const LABEL_FONT_STACK = 'noto-sans-arabic-regular'
export const GLYPHS_DIR = 'glyphs'
/** MapLibre's template: relative, so the glyphs come from wherever the dashboard is served. */
export const GLYPHS_URL = `/${GLYPHS_DIR}/{fontstack}/{range}.pbf`

/**
 * The first code point of each range served: Basic Latin and Latin-1, Latin Extended-A/B, Arabic, Arabic Supplement,
 * General Punctuation (dashes, quotes, joiners), and Arabic Presentation Forms-A and -B. MapLibre fetches a range
 * only when a label on screen needs it, and draws a code point outside them with a local font.
 */
export const GLYPH_RANGE_STARTS: readonly number[] = [0, 256, 1536, 1792, 8192, 64256, 64512, 64768, 65024]

export function glyphRangeName(start: number): string {
  return `${start}-${start + 255}`
}
