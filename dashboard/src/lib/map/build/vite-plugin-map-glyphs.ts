import type { Plugin } from 'vite'
import { GLYPHS_DIR } from '../map-font.js'
import { makeGlyphFiles, type GlyphFile } from './make-glyph-files.js'

/**
 * The map's glyphs as part of the dashboard: written into the build (dist/glyphs/…, served by the api) and served
 * from memory by `vite dev`. Made once per process, in about a second and a half of one core.
 */
export function mapGlyphs(): Plugin {
  let files: Promise<GlyphFile[]> | null = null
  const glyphFiles = () => (files ??= makeGlyphFiles())
  return {
    name: 'masar-map-glyphs',
    async generateBundle() {
      for (const { path, bytes } of await glyphFiles()) this.emitFile({ type: 'asset', fileName: path, source: bytes })
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).slice(1)
        if (!path.startsWith(`${GLYPHS_DIR}/`)) return next()
        glyphFiles().then((all) => {
          const file = all.find((f) => f.path === path)
          if (!file) return void response.writeHead(404).end()
          response.writeHead(200, { 'content-type': path.endsWith('.pbf') ? 'application/x-protobuf' : 'text/plain; charset=utf-8' }).end(file.bytes)
        }, next)
      })
    },
  }
}
