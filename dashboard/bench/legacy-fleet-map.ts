import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap, MapOptions } from 'maplibre-gl'
import { drawBusArrow } from '../src/lib/map/bus-arrow.js'
import { ADHERENCE_COLOURS, AMMAN_CENTER, AMMAN_ZOOM, ARROWS_FROM_ZOOM, BUS_ARROW_IMAGE, BUS_SOURCE, PLAIN_STYLE, STALE_COLOUR } from '../src/lib/map/fleet-layers.js'
import { emptyCollection, OVER_BUS_LAYERS, REPLAY_SOURCE, ROUTE_SOURCE, TRACK_SOURCE, UNDER_BUS_LAYERS } from '../src/lib/map/overlay-layers.js'

/**
 * The dispatch map as it was before 2026-11-23, kept only so the benchmark can show it beside today's: default
 * map options (300 ms symbol fade, preserved drawing buffer), 5–9 px circles with a white ring at every zoom, and the
 * whole fleet replaced with setData on every batch.
 */
export function legacyMapOptions(container: string): MapOptions {
  return { container, style: PLAIN_STYLE, center: AMMAN_CENTER, zoom: AMMAN_ZOOM, attributionControl: false, canvasContextAttributes: { preserveDrawingBuffer: true } }
}

const isOffline: ExpressionSpecification = ['==', ['get', 'health'], 'offline']
const LEGACY_BUS_LAYERS: LayerSpecification[] = [
  {
    id: 'buses-selected', type: 'circle', source: BUS_SOURCE, filter: ['==', ['get', 'vehicleId'], ''],
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 16], 'circle-opacity': 0, 'circle-stroke-color': '#111111', 'circle-stroke-width': 3 },
  },
  {
    id: 'buses-circle', type: 'circle', source: BUS_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 15, 9],
      'circle-color': ['case', ['==', ['get', 'health'], 'stale'], STALE_COLOUR, ['match', ['get', 'adherence'], 'early', ADHERENCE_COLOURS.early, 'on-time', ADHERENCE_COLOURS['on-time'], 'late', ADHERENCE_COLOURS.late, 'very-late', ADHERENCE_COLOURS['very-late'], ADHERENCE_COLOURS.unknown]],
      'circle-opacity': ['case', isOffline, 0, 1],
      'circle-stroke-color': ['case', isOffline, '#2b3137', '#ffffff'],
      'circle-stroke-width': ['case', isOffline, 2.5, 1.5],
    },
  },
  {
    id: 'buses-arrow', type: 'symbol', source: BUS_SOURCE, minzoom: ARROWS_FROM_ZOOM, filter: ['>=', ['get', 'bearing'], 0],
    layout: {
      'icon-image': BUS_ARROW_IMAGE, 'icon-rotate': ['get', 'bearing'], 'icon-rotation-alignment': 'map',
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.7, 15, 1], 'icon-allow-overlap': true, 'icon-ignore-placement': true,
    },
    paint: { 'icon-opacity': ['case', isOffline, 0.5, 1] },
  },
]

export function addLegacyFleetLayers(map: MapLibreMap, doc: Document): void {
  map.addImage(BUS_ARROW_IMAGE, drawBusArrow(doc, 1), { pixelRatio: 1 })
  map.addSource(BUS_SOURCE, { type: 'geojson', data: emptyCollection(), promoteId: 'vehicleId' })
  for (const source of [ROUTE_SOURCE, TRACK_SOURCE, REPLAY_SOURCE]) map.addSource(source, { type: 'geojson', data: emptyCollection() })
  for (const layer of [...UNDER_BUS_LAYERS, ...LEGACY_BUS_LAYERS, ...OVER_BUS_LAYERS]) map.addLayer(layer)
}
