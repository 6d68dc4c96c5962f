import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** What rtl-text-plugin.ts imports (with `?url`): the plugin's classic script, which its package does not export. */
export const RTL_TEXT_PLUGIN_SPECIFIER = '@mapbox/mapbox-gl-rtl-text/dist/mapbox-gl-rtl-text.js'

/**
 * Resolves RTL_TEXT_PLUGIN_SPECIFIER to the file in the installed package, past its `exports` (which names only the
 * ES module, itself importing a .wasm that MapLibre's worker cannot load). Vite then copies it into the build as
 * one more asset of the dashboard.
 */
export function rtlTextPluginFile(): Plugin {
  return {
    name: 'masar-rtl-text-plugin-file',
    enforce: 'pre',
    resolveId(source) {
      const [path, query] = source.split('?', 2)
      if (path !== RTL_TEXT_PLUGIN_SPECIFIER) return null
      const entry = createRequire(import.meta.url).resolve('@mapbox/mapbox-gl-rtl-text') // …/src/index.js
      return join(dirname(entry), '..', 'dist', 'mapbox-gl-rtl-text.js') + (query ? `?${query}` : '')
    },
  }
}
