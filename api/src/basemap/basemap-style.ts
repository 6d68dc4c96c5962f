import type { BasemapTiles } from './basemap-tiles.js'
import { BASEMAP_MAX_ZOOM } from './basemap-tiles.js'
import { STOPS_LAYER, STREETS_LAYER } from './basemap-features.js'

/** Where the api serves the basemap; tile URLs are relative, resolved against the page by the dashboard's map. */
export const STYLE_PATH = '/map/style.json'
export const TILES_PATH = '/map/tiles'
/** The dashboard's label glyphs (dashboard/src/lib/map/map-font.ts), served with the dashboard from this origin. */
const GLYPHS_URL = '/glyphs/{fontstack}/{range}.pbf'
const LABEL_FONT = 'noto-sans-arabic-regular'

const SOURCE = 'masar'

/**
 * The offline default basemap's MapLibre style (spec version 8): a pale ground, the feed's shapes as white streets
 * with a grey casing (wider where more routes share them), stops as small circles from zoom 13 and terminals as
 * larger ones, and the stops' names from zoom 15 in the dashboard's own font. The tile template carries the feed id,
 * so a new feed's tiles never come from a browser's cache of the old one.
 */
export function basemapStyle(feedId: number | null, tiles: BasemapTiles | null): Record<string, unknown> {
  const source: Record<string, unknown> = {
    type: 'vector',
    tiles: [`${TILES_PATH}/{z}/{x}/{y}.pbf${feedId === null ? '' : `?feed=${feedId}`}`],
    minzoom: 0,
    maxzoom: BASEMAP_MAX_ZOOM,
    attribution: 'Streets: the active GTFS feed\'s shapes',
  }
  if (tiles?.bounds) source.bounds = tiles.bounds
  // zoom must be the input of the top-level interpolate: the corridor factor (1 to 1.2 with 1–3+ routes) goes in each stop
  const busy = ['+', 0.6, ['*', 0.2, ['min', ['max', ['coalesce', ['get', 'routes'], 1], 1], 3]]]
  const width = (base: number) => ['interpolate', ['exponential', 1.6], ['zoom'], 10, ['*', base * 0.8, busy], 14, ['*', base * 3, busy], 17, ['*', base * 10, busy]]
  return {
    version: 8,
    name: 'masar-basemap',
    glyphs: GLYPHS_URL,
    sources: { [SOURCE]: source },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e6e9ed' } },
      {
        id: 'streets-casing', type: 'line', source: SOURCE, 'source-layer': STREETS_LAYER,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#9aa4ae', 'line-width': width(1.5) },
      },
      {
        id: 'streets', type: 'line', source: SOURCE, 'source-layer': STREETS_LAYER,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': width(1) },
      },
      {
        id: 'stops', type: 'circle', source: SOURCE, 'source-layer': STOPS_LAYER, minzoom: 13, filter: ['!', ['get', 'terminal']],
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 1.5, 17, 4], 'circle-color': '#ffffff', 'circle-stroke-color': '#6b7580', 'circle-stroke-width': 1 },
      },
      {
        id: 'terminals', type: 'circle', source: SOURCE, 'source-layer': STOPS_LAYER, minzoom: 11, filter: ['get', 'terminal'],
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 17, 7], 'circle-color': '#ffffff', 'circle-stroke-color': '#3d4650', 'circle-stroke-width': 2 },
      },
      {
        id: 'stop-names', type: 'symbol', source: SOURCE, 'source-layer': STOPS_LAYER, minzoom: 15,
        layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT], 'text-size': 11, 'text-offset': [0, 1], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': '#3d4650', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
    ],
  }
}
