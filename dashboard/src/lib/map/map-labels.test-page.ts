import maplibregl, { type GeoJSONSource } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import { addFleetLayers } from './add-fleet-layers.js'
import { PLAIN_STYLE } from './fleet-layers.js'
import { fleetMapOptions } from './fleet-map-options.js'
import { LABELLED_STOPS, type LabelLang } from './map-labels.test-fixture.js'
import { ROUTE_SOURCE } from './overlay-layers.js'
import { useBundledRtlTextPlugin } from './rtl-text-plugin.js'

/**
 * The page map-labels.browser.integration.test.ts drives: a route through downtown Amman as the api gives it for
 * `?lang=ar` or `?lang=en` (each stop named in that language), drawn at street zoom with the dispatch map's own
 * options, style, layers and RTL text plugin, set up as FleetMap.svelte sets them up.
 */
declare global {
  interface Window {
    __masarRtlTextPluginStatus?: () => string
  }
}

const lang: LabelLang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'ar'

const route = {
  type: 'FeatureCollection' as const,
  features: [
    { type: 'Feature' as const, properties: { kind: 'shape', shapeId: 'sh1' }, geometry: { type: 'LineString' as const, coordinates: LABELLED_STOPS.map((s) => [s.lon, s.lat]) } },
    ...LABELLED_STOPS.map((s) => ({
      type: 'Feature' as const,
      properties: { kind: 'stop', stopId: s.stopId, code: null, name: s[lang], lat: s.lat, lon: s.lon },
      geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
    })),
  ],
}
const buses = {
  type: 'FeatureCollection' as const,
  features: [{ type: 'Feature' as const, properties: { vehicleId: 'bus-1', routeId: 'r1', bearing: 260, adherence: 'on-time', health: 'fresh' }, geometry: { type: 'Point' as const, coordinates: [35.9312, 31.951] } }],
}

useBundledRtlTextPlugin(maplibregl)
window.__masarRtlTextPluginStatus = () => maplibregl.getRTLTextPluginStatus()
const map = new maplibregl.Map({ ...fleetMapOptions('map', PLAIN_STYLE, window.devicePixelRatio), center: [35.9286, 31.9515], zoom: 15.6 })
map.on('load', () => {
  addFleetLayers(map, document, window.devicePixelRatio || 1).setData(buses)
  ;(map.getSource(ROUTE_SOURCE) as GeoJSONSource).setData(route)
  window.__masarMap = map
})
