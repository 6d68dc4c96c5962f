import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import { LABEL_FONT_STACK } from './map-font.js'
import { riderBusLayers } from './rider-bus-layers.js'
import { emptyCollection, LABEL_COLOUR, ROUTE_COLOUR, STOP_LABELS_FROM_ZOOM } from './overlay-layers.js'

/**
 * The rider's map layers: the trip's line, its stops (the ones ahead bright, the passed ones dimmed, the rider's
 * own stop larger), and the buses (rider-bus-layers.ts, as on every rider's map), each source's data
 * from rider-map-data.ts.
 */
export const RIDER_LINE_SOURCE = 'rider-line'
export const RIDER_STOP_SOURCE = 'rider-stops'
export const RIDER_BUS_SOURCE = 'rider-buses'
export const RIDER_BUS_LAYER = 'rider-bus-circle'
export const RIDER_STOP_LAYER = 'rider-stop-circle'

export const PASSED_COLOUR = '#b7bdc3'

export const RIDER_LAYERS: readonly LayerSpecification[] = [
  {
    id: 'rider-line', type: 'line', source: RIDER_LINE_SOURCE, layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': ROUTE_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 6], 'line-opacity': 0.7 },
  },
  {
    id: RIDER_STOP_LAYER, type: 'circle', source: RIDER_STOP_SOURCE,
    paint: {
      'circle-radius': ['match', ['get', 'state'], 'here', 9, 'next', 7, 5],
      'circle-color': ['match', ['get', 'state'], 'passed', PASSED_COLOUR, '#ffffff'],
      'circle-stroke-color': ['match', ['get', 'state'], 'passed', PASSED_COLOUR, 'here', '#c0392b', ROUTE_COLOUR],
      'circle-stroke-width': ['match', ['get', 'state'], 'here', 4, 'next', 4, 2],
    },
  },
  {
    id: 'rider-stop-labels', type: 'symbol', source: RIDER_STOP_SOURCE, minzoom: STOP_LABELS_FROM_ZOOM,
    filter: ['!=', ['get', 'state'], 'passed'],
    layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT_STACK], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-optional': true },
    paint: { 'text-color': LABEL_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  ...riderBusLayers({ source: RIDER_BUS_SOURCE, dotsLayer: RIDER_BUS_LAYER, labelsLayer: 'rider-bus-labels', labelProperty: 'label' }),
]

export function addRiderLayers(map: MapLibreMap): void {
  for (const id of [RIDER_LINE_SOURCE, RIDER_STOP_SOURCE, RIDER_BUS_SOURCE]) map.addSource(id, { type: 'geojson', data: emptyCollection() })
  for (const layer of RIDER_LAYERS) map.addLayer(layer)
}
