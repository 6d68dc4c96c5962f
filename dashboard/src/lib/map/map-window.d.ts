import type { Map as MapLibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** The fleet map, for browser tests (FleetMap.svelte sets it while mounted). */
    __masarMap?: MapLibreMap
    /** A rider's map (BusesMap.svelte: the trip and stop pages), for browser tests. */
    __masarRiderMap?: MapLibreMap
  }
}
