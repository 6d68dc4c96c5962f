import { layers, namedFlavor } from '@protomaps/basemaps'
import { GLYPHS_URL, LABEL_FONT_STACK } from '@masar/model/map/map-glyphs'
import type { Lang } from '../http/request-lang.js'
import type { BasemapTiles } from './basemap-tiles.js'
import { FEED_SOURCE, feedSource, feedStopLayers } from './basemap-style.js'

/** Where the api serves MAP_DATA_DIR's files (PMTiles archives read by range requests, styles). */
export const MAP_DATA_PATH = '/map/data'
const PROTOMAPS_SOURCE = 'protomaps'
/** What OpenStreetMap's licence and Protomaps ask a map to show. */
export const PROTOMAPS_ATTRIBUTION = '<a href="https://protomaps.com">Protomaps</a> © <a href="https://openstreetmap.org/copyright">OpenStreetMap</a>'

/**
 * A city's real street basemap: a Protomaps build (a `.pmtiles` extract of OpenStreetMap) served by this api and
 * drawn with @protomaps/basemaps' light layers, its places and streets labelled in the reader's language, in the
 * dashboard's own font (no glyph or sprite server on the internet; the POI icons, which need a sprite, left out),
 * with the active feed's stops and terminals over it. The archive is read by MapLibre through the `pmtiles` protocol
 * (the dashboard registers it) with HTTP range requests to this origin.
 */
export function protomapsStyle(archive: string, lang: Lang, feed: { feedId: number | null; tiles: BasemapTiles | null }): Record<string, unknown> {
  const flavor = { ...namedFlavor('light'), regular: LABEL_FONT_STACK, bold: LABEL_FONT_STACK, italic: LABEL_FONT_STACK, pois: undefined }
  return {
    version: 8,
    name: `masar-protomaps-${lang}`,
    glyphs: GLYPHS_URL,
    sources: {
      [PROTOMAPS_SOURCE]: { type: 'vector', url: `pmtiles://${MAP_DATA_PATH}/${archive}`, attribution: PROTOMAPS_ATTRIBUTION },
      [FEED_SOURCE]: feedSource(feed.feedId, feed.tiles),
    },
    layers: [...layers(PROTOMAPS_SOURCE, flavor, { lang }).map(withoutIcons), ...feedStopLayers(lang)],
  }
}

/** A symbol layer's label without its icon: there is no sprite to draw icons from. */
function withoutIcons(layer: ReturnType<typeof layers>[number]): Record<string, unknown> {
  if (layer.type !== 'symbol' || !layer.layout) return layer as Record<string, unknown>
  const layout = Object.fromEntries(Object.entries(layer.layout).filter(([key]) => !key.startsWith('icon-')))
  return { ...layer, layout }
}
