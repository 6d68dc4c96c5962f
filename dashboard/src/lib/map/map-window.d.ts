import type { Map as MapLibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** The fleet map, for browser tests (FleetMap.svelte sets it while mounted). */
    __masarMap?: MapLibreMap
  }
}
