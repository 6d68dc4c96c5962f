import { useBundledRtlTextPlugin } from './rtl-text-plugin.js'

const importMapLibre = () => import('maplibre-gl')
export type MapLibre = Awaited<ReturnType<typeof importMapLibre>>['default']

let loading: Promise<MapLibre> | null = null

/**
 * MapLibre GL and its stylesheet, fetched the first time a page shows a map (a dynamic import: the library stays
 * out of the first-load chunk), with the RTL text plugin registered so Arabic labels are joined and right to left.
 * Shared by every map of the dashboard (the dispatcher's fleet map, the rider's trip and stop maps); a failed
 * download is tried again by the next map.
 */
export function loadMapLibre(): Promise<MapLibre> {
  loading ??= Promise.all([importMapLibre(), import('maplibre-gl/dist/maplibre-gl.css')]).then(
    ([{ default: maplibregl }]) => {
      useBundledRtlTextPlugin(maplibregl)
      return maplibregl
    },
    (err: unknown) => {
      loading = null
      throw err
    },
  )
  return loading
}
