import type { LayerSpecification } from 'maplibre-gl'
import { LABEL_FONT_STACK } from '../map/map-font.js'
import { riderBusLayers } from '../map/rider-bus-layers.js'

/**
 * The rider's home map over the basemap: the nearby stops (white dots ringed in the brand colour, saved ones filled),
 * the live buses (dots labelled with their route) and the rider's own place. Three GeoJSON sources updated in place
 * with setData; no DOM markers. Colours meet WCAG's 3:1 for graphics against the basemap's light ground.
 */
export const STOPS_SOURCE = 'rider-stops'
export const BUSES_SOURCE = 'rider-buses'
export const YOU_SOURCE = 'rider-you'
export const STOP_LAYER = 'rider-stop-dots'
export const BUS_LAYER = 'rider-bus-dots'

export const STOP_COLOUR = '#0b4f6c'
export const SAVED_COLOUR = '#b35c00'
export { RIDER_BUS_COLOUR as BUS_COLOUR } from '../map/rider-bus-layers.js'
export const YOU_COLOUR = '#1565c0'

export const RIDER_SOURCES = [STOPS_SOURCE, BUSES_SOURCE, YOU_SOURCE] as const

export const RIDER_LAYERS: LayerSpecification[] = [
  {
    id: STOP_LAYER, type: 'circle', source: STOPS_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 5, 16, 9],
      'circle-color': ['case', ['get', 'saved'], SAVED_COLOUR, '#ffffff'],
      'circle-stroke-color': ['case', ['get', 'saved'], '#ffffff', STOP_COLOUR],
      'circle-stroke-width': 3,
    },
  },
  {
    id: 'rider-stop-names', type: 'symbol', source: STOPS_SOURCE, minzoom: 14,
    layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT_STACK], 'text-size': 13, 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-optional': true },
    paint: { 'text-color': STOP_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  },
  ...riderBusLayers({ source: BUSES_SOURCE, dotsLayer: BUS_LAYER, labelsLayer: 'rider-bus-routes', labelProperty: 'routeId' }),
  {
    id: 'rider-you-dot', type: 'circle', source: YOU_SOURCE,
    paint: { 'circle-radius': 8, 'circle-color': YOU_COLOUR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
  },
]
