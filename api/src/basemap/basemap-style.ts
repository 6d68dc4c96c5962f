import { GLYPHS_URL, LABEL_FONT_STACK } from '@masar/model/map/map-glyphs'
import type { Lang } from '../http/request-lang.js'
import type { BasemapTiles } from './basemap-tiles.js'
import { BASEMAP_MAX_ZOOM } from './basemap-tiles.js'
import { STOPS_LAYER, STREETS_LAYER } from './basemap-features.js'

/** Where the api serves the basemap; tile URLs are relative, resolved against the page by the dashboard's map. */
export const STYLE_PATH = '/map/style.json'
export const TILES_PATH = '/map/tiles'

/** The source of the feed's own tiles in every style the api serves. */
export const FEED_SOURCE = 'masar'

/** The active feed's tiles (its shapes as streets, its stops), served by this api; a new feed's tiles are new URLs. */
export function feedSource(feedId: number | null, tiles: BasemapTiles | null): Record<string, unknown> {
  const source: Record<string, unknown> = {
    type: 'vector',
    tiles: [`${TILES_PATH}/{z}/{x}/{y}.pbf${feedId === null ? '' : `?feed=${feedId}`}`],
    minzoom: 0,
    maxzoom: BASEMAP_MAX_ZOOM,
    attribution: 'Streets: the active GTFS feed\'s shapes',
  }
  if (tiles?.bounds) source.bounds = tiles.bounds
  return source
}

/** The feed's shapes as white streets with a grey casing, wider where more routes share them. */
function streetLayers(): Record<string, unknown>[] {
  // zoom must be the input of the top-level interpolate: the corridor factor (1 to 1.2 with 1–3+ routes) goes in each stop
  const busy = ['+', 0.6, ['*', 0.2, ['min', ['max', ['coalesce', ['get', 'routes'], 1], 1], 3]]]
  const width = (base: number) => ['interpolate', ['exponential', 1.6], ['zoom'], 10, ['*', base * 0.8, busy], 14, ['*', base * 3, busy], 17, ['*', base * 10, busy]]
  return [
    {
      id: 'streets-casing', type: 'line', source: FEED_SOURCE, 'source-layer': STREETS_LAYER,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#9aa4ae', 'line-width': width(1.5) },
    },
    {
      id: 'streets', type: 'line', source: FEED_SOURCE, 'source-layer': STREETS_LAYER,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': width(1) },
    },
  ]
}

/** Stops as small circles from zoom 13, terminals as larger ones from 11, and the stops' names from zoom 15. */
export function feedStopLayers(lang: Lang | null = null): Record<string, unknown>[] {
  return [
    {
      id: 'stops', type: 'circle', source: FEED_SOURCE, 'source-layer': STOPS_LAYER, minzoom: 13, filter: ['!', ['get', 'terminal']],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 1.5, 17, 4], 'circle-color': '#ffffff', 'circle-stroke-color': '#6b7580', 'circle-stroke-width': 1 },
    },
    {
      id: 'terminals', type: 'circle', source: FEED_SOURCE, 'source-layer': STOPS_LAYER, minzoom: 11, filter: ['get', 'terminal'],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 17, 7], 'circle-color': '#ffffff', 'circle-stroke-color': '#3d4650', 'circle-stroke-width': 2 },
    },
    {
      id: 'stop-names', type: 'symbol', source: FEED_SOURCE, 'source-layer': STOPS_LAYER, minzoom: 15,
      layout: { 'text-field': ['get', lang === null ? 'name' : `name_${lang}`], 'text-font': [LABEL_FONT_STACK], 'text-size': 11, 'text-offset': [0, 1], 'text-anchor': 'top', 'text-optional': true },
      paint: { 'text-color': '#3d4650', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
  ]
}

/**
 * The offline default basemap's MapLibre style (spec version 8): a pale ground, the feed's shapes as streets, its
 * stops and terminals, and the stops' names (in the reader's language when asked) in the dashboard's own font.
 */
export function basemapStyle(feedId: number | null, tiles: BasemapTiles | null, lang: Lang | null = null): Record<string, unknown> {
  return {
    version: 8,
    name: 'masar-basemap',
    glyphs: GLYPHS_URL,
    sources: { [FEED_SOURCE]: feedSource(feedId, tiles) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e6e9ed' } },
      ...streetLayers(),
      ...feedStopLayers(lang),
    ],
  }
}
