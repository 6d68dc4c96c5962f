/**
 * The font of every map label and where a map finds its glyphs, for the dashboard that makes them and the api's
 * styles that name them: Noto Sans Arabic (SIL OFL 1.1), whose build covers Latin as well as Arabic. Its glyphs are
 * signed-distance-field PBFs made when the dashboard is built and served with it from the api's origin; nothing is
 * fetched from the internet. Give the stack a new name when the font changes (the api caches glyphs for a year).
 */
export const LABEL_FONT_STACK = 'noto-sans-arabic-regular'
export const GLYPHS_DIR = 'glyphs'
/** MapLibre's template: relative, so the glyphs come from wherever the dashboard is served. */
export const GLYPHS_URL = `/${GLYPHS_DIR}/{fontstack}/{range}.pbf`
