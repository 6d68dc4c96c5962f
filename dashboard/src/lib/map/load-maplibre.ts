import { usePmtilesProtocol } from './pmtiles-protocol.js'
import { useBundledRtlTextPlugin } from './rtl-text-plugin.js'

const importMapLibre = () => import('maplibre-gl')
/** The maplibre-gl module: what `new maplibregl.Map(…)` is called on. */
export type MapLibre = Awaited<ReturnType<typeof importMapLibre>>['default']

let loading: Promise<MapLibre> | null = null

/**
 * MapLibre GL and its stylesheet, fetched the first time a page shows a map (a dynamic import: the library stays
 * out of the first-load chunk), with what every map of the dashboard needs registered once: the RTL text plugin
 * (Arabic labels joined and right to left) and the `pmtiles://` protocol (a city's Protomaps build served by the
 * api). Shared by every map (the dispatcher's fleet map, the rider's home, trip and stop maps), so they cannot
 * differ; a failed download is tried again by the next map.
 */
export function loadMapLibre(): Promise<MapLibre> {
  loading ??= Promise.all([importMapLibre(), import('maplibre-gl/dist/maplibre-gl.css')]).then(
    ([{ default: maplibregl }]) => {
      useBundledRtlTextPlugin(maplibregl)
      usePmtilesProtocol(maplibregl)
      return maplibregl
    },
    (err: unknown) => {
      loading = null
      throw err
    },
  )
  return loading
}
