import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import { mapGlyphs } from './src/lib/map/build/vite-plugin-map-glyphs.js'
import { rtlTextPluginFile } from './src/lib/map/build/vite-plugin-rtl-text.js'
import { precompress } from './src/lib/build/vite-plugin-precompress.js'
import { webApp } from './src/lib/offline/build/vite-plugin-web-app.js'

/** The api serves dist/ at `/` (same origin); in dev, vite forwards the api's paths (WebSocket included) to it. */
const api = { target: 'http://127.0.0.1:8080', changeOrigin: false, ws: true }

export default defineConfig({
  base: '/',
  // the map's label glyphs (dist/glyphs/) and RTL text plugin, served with the dashboard: see src/lib/map/map-font.ts
  // the installable web app (manifest, icons, service worker): src/lib/offline/build/vite-plugin-web-app.ts
  // precompress (last, so it sees every text file): Brotli and gzip copies, which the api serves to browsers that accept them
  plugins: [svelte(), mapGlyphs(), rtlTextPluginFile(), webApp(), precompress()],
  // maplibre-gl (~1 MB, ~270 kB gzip) is its own chunk, fetched only by the dispatch map: not worth a warning.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': api, '/gtfs': api } },
  preview: { proxy: { '/api': api, '/gtfs': api } },
})
