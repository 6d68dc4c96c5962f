import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { GLYPH_RANGE_STARTS, glyphRangeName, GLYPHS_DIR, LABEL_FONT_STACK } from '../map-font.js'
import { MapGlyphsError } from './map-glyphs-error.js'

/**
 * The map's glyphs, made from the font at build time (Node only, never in the browser bundle): a signed-distance-field
 * PBF per range of LABEL_FONT_STACK, rendered by fontnik (Mapbox's own glyph renderer, shipped prebuilt), and the
 * font's licence beside them. The font comes from the @expo-google-fonts/noto-sans-arabic package (the Google Fonts
 * build of Noto Sans Arabic, SIL OFL 1.1).
 */
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-arabic'
const FONT_FILE = `${FONT_PACKAGE}/400Regular/NotoSansArabic_400Regular.ttf`
const LICENCE_FILE = `${FONT_PACKAGE}/LICENSE_FONT`
const LICENCE_NAME = 'OFL.txt'

export interface GlyphFile {
  /** Relative to the dashboard's root, as the browser asks for it. */
  path: string
  bytes: Uint8Array
}

/** Loaded when glyphs are made, not with the Vite config: a platform without fontnik's binary can still run vite. */
async function loadFontnik() {
  try {
    return (await import('fontnik')).default
  } catch (error) {
    throw new MapGlyphsError(`fontnik (the glyph renderer) cannot load on ${process.platform}-${process.arch}: ${String(error)}`, { cause: error })
  }
}

export async function makeGlyphRange(font: Buffer, start: number): Promise<Buffer> {
  const fontnik = await loadFontnik()
  return new Promise((resolve, reject) => {
    fontnik.range({ font, start, end: start + 255 }, (error, pbf) =>
      error ? reject(new MapGlyphsError(`could not render glyphs ${glyphRangeName(start)}: ${error.message}`, { cause: error })) : resolve(pbf))
  })
}

export async function codePointsOf(font: Buffer): Promise<ReadonlySet<number>> {
  const fontnik = await loadFontnik()
  return new Promise((resolve, reject) => {
    fontnik.load(font, (error, faces) =>
      error ? reject(new MapGlyphsError(`could not read the label font: ${error.message}`, { cause: error })) : resolve(new Set(faces.flatMap((face) => face.points))))
  })
}

async function readPackageFile(specifier: string): Promise<Buffer> {
  try {
    return await readFile(createRequire(import.meta.url).resolve(specifier))
  } catch (error) {
    throw new MapGlyphsError(`${specifier} is missing: run npm install (it is a dev dependency of the dashboard)`, { cause: error })
  }
}

export const readLabelFont = (): Promise<Buffer> => readPackageFile(FONT_FILE)

export async function makeGlyphFiles(): Promise<GlyphFile[]> {
  const font = await readLabelFont()
  const ranges = await Promise.all(GLYPH_RANGE_STARTS.map(async (start) => ({
    path: `${GLYPHS_DIR}/${LABEL_FONT_STACK}/${glyphRangeName(start)}.pbf`,
    bytes: await makeGlyphRange(font, start),
  })))
  return [...ranges, { path: `${GLYPHS_DIR}/${LICENCE_NAME}`, bytes: await readPackageFile(LICENCE_FILE) }]
}
