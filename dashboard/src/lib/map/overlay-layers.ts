import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { BUS_SOURCE } from './fleet-layers.js'
import { LABEL_FONT_STACK } from './map-font.js'

/**
 * What the dispatcher opens over the fleet, each in its own GeoJSON source: a route (its shapes and stops, its
 * buses ringed), and a bus's replayed history (the track as a line, the replayed position as a point). Route and
 * track are drawn under the buses, the replayed position over them. From street level the route's stops are named,
 * in the language the route was asked for (the api gives each stop's name in it: Arabic, or English).
 */
export const ROUTE_SOURCE = 'route'
export const TRACK_SOURCE = 'track'
export const REPLAY_SOURCE = 'replay'
export const ROUTE_SHAPE_LAYER = 'route-shape'
export const ROUTE_STOP_LAYER = 'route-stops'
export const ROUTE_STOP_LABEL_LAYER = 'route-stop-labels'
/** Below this zoom stops are dots without their names: a route across the city would be a wall of text. */
export const STOP_LABELS_FROM_ZOOM = 14
export const ROUTE_BUS_LAYER = 'buses-on-route'
export const TRACK_LAYER = 'track-line'
export const REPLAY_LAYER = 'replay-point'

export const ROUTE_COLOUR = '#005f73'
export const TRACK_COLOUR = '#6a1b9a'
export const REPLAY_COLOUR = '#6a1b9a'
export const LABEL_COLOUR = '#1b1f23'

export type EmptyCollection = { type: 'FeatureCollection'; features: [] }
export const emptyCollection = (): EmptyCollection => ({ type: 'FeatureCollection', features: [] })

export function routeBusFilter(routeId: string | null): ExpressionSpecification {
  return ['==', ['get', 'routeId'], routeId ?? '\u0000']
}

/** Under the buses, in this order. */
export const UNDER_BUS_LAYERS: readonly LayerSpecification[] = [
  {
    id: ROUTE_SHAPE_LAYER, type: 'line', source: ROUTE_SOURCE, filter: ['==', ['get', 'kind'], 'shape'],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': ROUTE_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 6], 'line-opacity': 0.75 },
  },
  {
    id: ROUTE_STOP_LAYER, type: 'circle', source: ROUTE_SOURCE, filter: ['==', ['get', 'kind'], 'stop'],
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 5], 'circle-color': '#ffffff', 'circle-stroke-color': ROUTE_COLOUR, 'circle-stroke-width': 2 },
  },
  {
    id: ROUTE_STOP_LABEL_LAYER, type: 'symbol', source: ROUTE_SOURCE, minzoom: STOP_LABELS_FROM_ZOOM, filter: ['==', ['get', 'kind'], 'stop'],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [LABEL_FONT_STACK],
      'text-size': ['interpolate', ['linear'], ['zoom'], STOP_LABELS_FROM_ZOOM, 12, 17, 15],
      // beside the stop, on whichever side has room; a name that fits nowhere is left out, never the stop
      'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
      'text-radial-offset': 0.8,
      'text-justify': 'auto',
      'text-max-width': 9,
      'text-padding': 3,
    },
    paint: { 'text-color': LABEL_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  {
    id: TRACK_LAYER, type: 'line', source: TRACK_SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': TRACK_COLOUR, 'line-width': 4, 'line-dasharray': [2, 1] },
  },
  {
    id: ROUTE_BUS_LAYER, type: 'circle', source: BUS_SOURCE, filter: routeBusFilter(null),
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 9, 15, 14], 'circle-color': ROUTE_COLOUR, 'circle-opacity': 0.35 },
  },
]

/** Over the buses. */
export const OVER_BUS_LAYERS: readonly LayerSpecification[] = [
  {
    id: REPLAY_LAYER, type: 'circle', source: REPLAY_SOURCE,
    paint: { 'circle-radius': 9, 'circle-color': REPLAY_COLOUR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
  },
]
