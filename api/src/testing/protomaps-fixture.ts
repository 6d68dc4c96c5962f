import { writeFile } from 'node:fs/promises'
import { GeoJSONVT } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { basemapFeaturesOf } from '../basemap/basemap-features.js'
import { BasemapTiles, TILE_EXTENT } from '../basemap/basemap-tiles.js'
import { writePmtiles } from '../basemap/pmtiles-archive.js'
import { PROTOMAPS_ATTRIBUTION } from '../basemap/protomaps-style.js'

/** The place every fixture names, in the two languages the layers are asked for. */
export const FIXTURE_PLACE = { ar: 'عمّان', en: 'Amman' }
const MAX_ZOOM = 14

/**
 * A small stand-in for a city's Protomaps build (tests only; a real one is a `pmtiles extract` of OpenStreetMap):
 * the layers of the Protomaps basemap schema that @protomaps/basemaps draws — `earth` (the land), `roads` (the feed's
 * shapes as major roads) and `places` (a locality named in Arabic and English at the feed's centre) — cut into
 * vector tiles and written as a PMTiles archive. Returns the archive's bytes, also written to `path` when given.
 */
export async function writeProtomapsFixture(schedule: Schedule, path?: string): Promise<Uint8Array> {
  const features = basemapFeaturesOf(schedule)
  const [west, south, east, north] = new BasemapTiles(features).bounds!
  const margin = 0.05
  const land: FeatureCollection = {
    type: 'FeatureCollection',
    features: [{
      type: 'Feature', properties: { kind: 'earth' },
      geometry: { type: 'Polygon', coordinates: [[[west - margin, south - margin], [east + margin, south - margin], [east + margin, north + margin], [west - margin, north + margin], [west - margin, south - margin]]] },
    }],
  }
  const roads: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.streets.features.map((street): Feature<Geometry> => ({ type: 'Feature', properties: { kind: 'major_road', min_zoom: 6 }, geometry: street.geometry })),
  }
  const places: FeatureCollection = {
    type: 'FeatureCollection',
    features: [{
      type: 'Feature',
      properties: { kind: 'locality', name: FIXTURE_PLACE.ar, 'name:ar': FIXTURE_PLACE.ar, 'name:en': FIXTURE_PLACE.en, script: 'Arabic', min_zoom: 4, population_rank: 13, sort_key: 1 },
      geometry: { type: 'Point', coordinates: [(west + east) / 2, (south + north) / 2] },
    }],
  }
  const options = { maxZoom: MAX_ZOOM, indexMaxZoom: 5, extent: TILE_EXTENT, buffer: 64, tolerance: 3 }
  const layers = { earth: new GeoJSONVT(land, options), roads: new GeoJSONVT(roads, options), places: new GeoJSONVT(places, options) }
  const tiles = [...new BasemapTiles(features).everyTile()].filter((tile) => tile.z <= MAX_ZOOM).map(({ z, x, y }) => {
    const cut = Object.fromEntries(Object.entries(layers).flatMap(([name, index]) => {
      const tile = index.getTile(z, x, y)
      return tile?.features.length ? [[name, tile]] : []
    }))
    return { z, x, y, data: fromGeojsonVt(cut, { version: 2, extent: TILE_EXTENT }) }
  })
  const bytes = writePmtiles(tiles, {
    name: 'masar-test-protomaps', attribution: PROTOMAPS_ATTRIBUTION, bounds: [west - margin, south - margin, east + margin, north + margin], minZoom: 0, maxZoom: MAX_ZOOM,
    vectorLayers: [{ id: 'earth', fields: {} }, { id: 'roads', fields: { kind: 'String' } }, { id: 'places', fields: { kind: 'String', name: 'String' } }],
  })
  if (path) await writeFile(path, bytes)
  return bytes
}
