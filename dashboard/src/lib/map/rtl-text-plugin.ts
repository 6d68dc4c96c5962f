// The plugin's package exports only its ES module (which imports a .wasm); MapLibre's worker needs the classic
// script in dist/, which registers itself. Bundled as a file of the dashboard (`?url`), so it comes from the same origin.
import rtlTextPluginUrl from '@mapbox/mapbox-gl-rtl-text/dist/mapbox-gl-rtl-text.js?url'

/**
 * Right-to-left text on the map: Mapbox's RTL text plugin (ICU's Arabic shaping and bidi in WebAssembly, about
 * 130 KB) lets MapLibre join Arabic letters and lay labels out right to left. Registered lazily: the map's worker
 * fetches it the first time a label with Arabic or Hebrew text is laid out, never on a page without a map.
 */
export interface RtlTextPluginApi {
  setRTLTextPlugin(pluginURL: string, lazy: boolean): Promise<void>
  getRTLTextPluginStatus(): string
}

export const RTL_TEXT_PLUGIN_URL: string = rtlTextPluginUrl

/** Once per page: MapLibre refuses a second registration, and every map of the page shares the first. */
export function useBundledRtlTextPlugin(maplibregl: RtlTextPluginApi, onError: (error: unknown) => void = () => {}): void {
  if (maplibregl.getRTLTextPluginStatus() !== 'unavailable') return
  maplibregl.setRTLTextPlugin(RTL_TEXT_PLUGIN_URL, true).catch(onError)
}
