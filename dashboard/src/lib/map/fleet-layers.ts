import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { Adherence } from '../live/fleet-snapshot.js'
import { GLYPHS_URL } from './map-font.js'

/**
 * How the fleet is drawn: a plain style (a background, no tiles, nothing fetched) and the bus layers over one
 * GeoJSON source: a circle coloured by schedule adherence (grey when stale, hollow when offline) under an arrow
 * turned to the bus's bearing, and a ring around the selected bus. Zoomed out over the city the circles shrink to
 * dots without arrows (the fleet's density, the worst states drawn on top); arrows from street zoom.
 */
export const BUS_SOURCE = 'buses'
export const BUS_ARROW_IMAGE = 'bus-arrow'
export const BUS_CIRCLE_LAYER = 'buses-circle'
export const BUS_ARROW_LAYER = 'buses-arrow'
export const BUS_SELECTED_LAYER = 'buses-selected'
export const BUS_DENSITY_LAYER = 'buses-density'
/** Zoomed out beyond the city, the fleet shows as a density, fading into dots as the map comes in. */
export const DENSITY_UNTIL_ZOOM = 10
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

export { AMMAN_CENTER, AMMAN_ZOOM } from './city-centre.js'

export const PLAIN_STYLE: StyleSpecification = {
  version: 8,
  name: 'masar-plain',
  // label glyphs come from the dashboard's own origin (map-font.ts), fetched only when a label is on screen
  glyphs: GLYPHS_URL,
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

/** Dots over the whole city, full circles with arrows from street zoom. */
const radius: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 10, 3, ARROWS_FROM_ZOOM, 5, 15, 9]
const strokeWidth: ExpressionSpecification = [
  'interpolate', ['linear'], ['zoom'],
  10, ['case', isOffline, 1, 0],
  ARROWS_FROM_ZOOM, ['case', isOffline, 2, 1.25],
  15, ['case', isOffline, 2.5, 1.5],
]

/**
 * Which buses are drawn on top where they crowd: the worst state last (very late, then offline, late, stale),
 * so a zoomed-out map still shows where the trouble is.
 */
export const SEVERITY_ORDER = ['on-time', 'early', 'unknown', 'stale', 'late', 'offline', 'very-late'] as const
const rank = (state: (typeof SEVERITY_ORDER)[number]): number => SEVERITY_ORDER.indexOf(state)
const severity: ExpressionSpecification = [
  'case',
  isOffline, rank('offline'),
  isStale, rank('stale'),
  ['match', ['get', 'adherence'], 'early', rank('early'), 'unknown', rank('unknown'), 'late', rank('late'), 'very-late', rank('very-late'), rank('on-time')],
]

export function selectedFilter(vehicleId: string | null): ExpressionSpecification {
  return ['==', ['get', 'vehicleId'], vehicleId ?? '']
}

export const BUS_LAYERS: readonly LayerSpecification[] = [
  {
    // where the buses are when the whole region is in view; late, very late and offline buses weigh more, so the
    // warm spots are where trouble gathers
    id: BUS_DENSITY_LAYER, type: 'heatmap', source: BUS_SOURCE, maxzoom: DENSITY_UNTIL_ZOOM + 0.5,
    paint: {
      'heatmap-weight': ['interpolate', ['linear'], severity, 0, 0.4, SEVERITY_ORDER.length - 1, 1],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 6, 4, DENSITY_UNTIL_ZOOM, 12],
      'heatmap-intensity': 0.6,
      'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], DENSITY_UNTIL_ZOOM - 1, 0.85, DENSITY_UNTIL_ZOOM + 0.5, 0],
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(0,0,0,0)', 0.2, '#9ecae1', 0.5, '#3182bd', 0.8, '#e6550d', 1, '#a50f15'],
    },
  },
  {
    id: BUS_SELECTED_LAYER, type: 'circle', source: BUS_SOURCE, filter: selectedFilter(null),
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 16], 'circle-opacity': 0, 'circle-stroke-color': '#111111', 'circle-stroke-width': 3 },
  },
  {
    id: BUS_CIRCLE_LAYER, type: 'circle', source: BUS_SOURCE, minzoom: DENSITY_UNTIL_ZOOM - 1,
    layout: { 'circle-sort-key': severity },
    paint: {
      'circle-radius': radius,
      'circle-color': ['case', isStale, STALE_COLOUR, adherenceColour],
      'circle-opacity': ['case', isOffline, 0, 1],
      'circle-stroke-color': ['case', isOffline, OFFLINE_STROKE, '#ffffff'],
      'circle-stroke-width': strokeWidth,
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
