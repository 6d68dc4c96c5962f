import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { Adherence } from '../live/fleet-snapshot.js'

/**
 * How the fleet is drawn: a plain style (a background, no tiles, nothing fetched) and the bus layers over one
 * GeoJSON source: a circle coloured by schedule adherence (grey when stale, hollow when offline) under an arrow
 * turned to the bus's bearing, and a ring around the selected bus.
 */
export const BUS_SOURCE = 'buses'
export const BUS_ARROW_IMAGE = 'bus-arrow'
export const BUS_CIRCLE_LAYER = 'buses-circle'
export const BUS_ARROW_LAYER = 'buses-arrow'
export const BUS_SELECTED_LAYER = 'buses-selected'
/** Below this zoom buses are dots without their bearing arrow. */
export const ARROWS_FROM_ZOOM = 12.5

export const ADHERENCE_COLOURS: Readonly<Record<Adherence, string>> = {
  early: '#0b5cd5',
  'on-time': '#11823b',
  late: '#c77800',
  'very-late': '#c8102e',
  unknown: '#7a3fc8',
}
export const STALE_COLOUR = '#8c9196'
export const OFFLINE_STROKE = '#2b3137'
export const BACKGROUND_COLOUR = '#eef1f4'

/** Amman, the whole city in view. */
export const AMMAN_CENTER: [number, number] = [35.91, 31.95]
export const AMMAN_ZOOM = 11

export const PLAIN_STYLE: StyleSpecification = {
  version: 8,
  name: 'masar-plain',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } }],
}

const isOffline: ExpressionSpecification = ['==', ['get', 'health'], 'offline']
const isStale: ExpressionSpecification = ['==', ['get', 'health'], 'stale']

const adherenceColour: ExpressionSpecification = [
  'match', ['get', 'adherence'],
  'early', ADHERENCE_COLOURS.early,
  'on-time', ADHERENCE_COLOURS['on-time'],
  'late', ADHERENCE_COLOURS.late,
  'very-late', ADHERENCE_COLOURS['very-late'],
  ADHERENCE_COLOURS.unknown,
]

const radius: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 10, 5, 15, 9]

export function selectedFilter(vehicleId: string | null): ExpressionSpecification {
  return ['==', ['get', 'vehicleId'], vehicleId ?? '']
}

export const BUS_LAYERS: readonly LayerSpecification[] = [
  {
    id: BUS_SELECTED_LAYER, type: 'circle', source: BUS_SOURCE, filter: selectedFilter(null),
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 16], 'circle-opacity': 0, 'circle-stroke-color': '#111111', 'circle-stroke-width': 3 },
  },
  {
    id: BUS_CIRCLE_LAYER, type: 'circle', source: BUS_SOURCE,
    paint: {
      'circle-radius': radius,
      'circle-color': ['case', isStale, STALE_COLOUR, adherenceColour],
      'circle-opacity': ['case', isOffline, 0, 1],
      'circle-stroke-color': ['case', isOffline, OFFLINE_STROKE, '#ffffff'],
      'circle-stroke-width': ['case', isOffline, 2.5, 1.5],
    },
  },
  {
    // arrows from street level: zoomed out over the whole city, a dot per bus reads better and draws far cheaper
    id: BUS_ARROW_LAYER, type: 'symbol', source: BUS_SOURCE, minzoom: ARROWS_FROM_ZOOM, filter: ['>=', ['get', 'bearing'], 0],
    layout: {
      'icon-image': BUS_ARROW_IMAGE,
      'icon-rotate': ['get', 'bearing'],
      'icon-rotation-alignment': 'map',
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.7, 15, 1],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: { 'icon-opacity': ['case', isOffline, 0.5, 1] },
  },
]
