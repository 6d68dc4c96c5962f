/** The part of fontnik (mapbox/node-fontnik, a native addon shipped prebuilt) that the glyph build uses. */
declare module 'fontnik' {
  interface FontFace {
    family_name: string
    style_name?: string
    /** The code points the face has a glyph for. */
    points: number[]
  }
  const fontnik: {
    load(font: Buffer, callback: (error: Error | null, faces: FontFace[]) => void): void
    /** The glyphs of code points start…end as a PBF of SDF bitmaps (24 px, 3 px border), MapLibre's format. */
    range(options: { font: Buffer; start: number; end: number }, callback: (error: Error | null, pbf: Buffer) => void): void
  }
  export default fontnik
}
