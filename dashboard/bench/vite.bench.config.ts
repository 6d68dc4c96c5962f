import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/** The map benchmark page (bench/index.html), built on its own into bench-dist/: never part of the dashboard. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: fileURLToPath(new URL('../bench-dist', import.meta.url)), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
})
