import { usePmtilesProtocol } from './pmtiles-protocol.js'
import { useBundledRtlTextPlugin } from './rtl-text-plugin.js'

/** The maplibre-gl module: what `new maplibregl.Map(…)` is called on. */
export type MapLibre = typeof import('maplibre-gl')

/**
 * MapLibre as every map of the dashboard needs it, loaded only when a map is shown (maplibre-gl and its CSS are
 * their own chunk, never in a page's first load): Arabic labels joined and right to left (the bundled RTL text
 * plugin), and the `pmtiles://` protocol for a city's Protomaps build served by the api. One place, so the
 * dispatch map and the rider's maps cannot differ.
 */
export async function loadMaplibre(): Promise<MapLibre> {
  const [{ default: maplibregl }] = await Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')])
  useBundledRtlTextPlugin(maplibregl)
  usePmtilesProtocol(maplibregl)
  return maplibregl
}
