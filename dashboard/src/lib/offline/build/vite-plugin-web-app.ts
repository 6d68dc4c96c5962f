import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { precacheList } from '../sw-strategy.js'
import { makeIconPng } from './make-icon-png.js'
import { ICON_SIZES, webAppManifest } from './web-app-manifest.js'

const SERVICE_WORKER = fileURLToPath(new URL('../service-worker.ts', import.meta.url))
const PRECACHE_TOKEN = '__MASAR_PRECACHE__'

/**
 * The installable web app, in production builds: /manifest.webmanifest, its icons (/icons/icon-N.png) and the
 * service worker /sw.js (service-worker.ts, bundled on its own, with the list of files to precache written in once
 * the bundle's file names are known, and a version that changes with them). The build also defines
 * __MASAR_SERVICE_WORKER__, which tells main.ts to register the worker: a dev server has neither (and whether this
 * is a production build is not read from NODE_ENV, which a test runner sets to "test").
 */
export function webApp(): Plugin {
  return {
    name: 'masar-web-app',
    apply: 'build',
    config: () => ({ define: { __MASAR_SERVICE_WORKER__: JSON.stringify('/sw.js') } }),
    buildStart() {
      this.emitFile({ type: 'chunk', id: SERVICE_WORKER, fileName: 'sw.js' })
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: `${JSON.stringify(webAppManifest(), null, 2)}\n` })
      for (const size of ICON_SIZES) this.emitFile({ type: 'asset', fileName: `icons/icon-${size}.png`, source: makeIconPng(size) })
    },
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js']
      if (!worker || worker.type !== 'chunk') return this.error('masar-web-app: the service worker chunk (sw.js) is missing from the bundle')
      if (worker.imports.length) return this.error(`masar-web-app: sw.js must stand alone, but imports ${worker.imports.join(', ')}`)
      const files = precacheList(Object.keys(bundle))
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      if (!worker.code.includes(PRECACHE_TOKEN)) return this.error(`masar-web-app: sw.js lost its ${PRECACHE_TOKEN} placeholder`)
      worker.code = worker.code.replace(PRECACHE_TOKEN, JSON.stringify({ version, files }))
    },
  }
}
