import { GeoJSONVT } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import type { BasemapFeatures } from './basemap-features.js'
import { STOPS_LAYER, STREETS_LAYER } from './basemap-features.js'

/** Tiles are cut down to this zoom; MapLibre over-zooms the last ones beyond it (street level and closer). */
export const BASEMAP_MAX_ZOOM = 16
export const TILE_EXTENT = 4096
/** Encoded tiles kept; past this many the cache starts again (a city's tiles at every zoom are a few thousand). */
const MAX_CACHED_TILES = 20_000

export interface TileAddress { z: number; x: number; y: number }

/**
 * The basemap's vector tiles, cut in memory from the feed's features by geojson-vt (MapLibre's own slicer) and
 * encoded as Mapbox Vector Tiles v2 by vt-pbf: the index is built once per schedule (the first levels eagerly,
 * deeper ones on first request) and each encoded tile is kept. A tile with nothing in it is null (the api's 404).
 */
export class BasemapTiles {
  readonly #streets: GeoJSONVT
  readonly #stops: GeoJSONVT
  readonly #encoded = new Map<string, Uint8Array | null>()
  /** [west, south, east, north] of everything drawn, for the style's source bounds. */
  readonly bounds: [number, number, number, number] | null

  constructor(features: BasemapFeatures) {
    const options = { maxZoom: BASEMAP_MAX_ZOOM, indexMaxZoom: 5, extent: TILE_EXTENT, buffer: 64, tolerance: 3 }
    this.#streets = new GeoJSONVT(features.streets, options)
    this.#stops = new GeoJSONVT(features.stops, options)
    this.bounds = boundsOf(features)
  }

  /** The encoded tile at z/x/y (a valid address: see parseTileAddress), or null when it holds nothing. */
  tile({ z, x, y }: TileAddress): Uint8Array | null {
    if (z > BASEMAP_MAX_ZOOM) return null // the style's source stops here: MapLibre over-zooms
    const key = `${z}/${x}/${y}`
    const cached = this.#encoded.get(key)
    if (cached !== undefined) return cached
    const streets = this.#streets.getTile(z, x, y)
    const stops = this.#stops.getTile(z, x, y)
    const layers = { ...(streets?.features.length ? { [STREETS_LAYER]: streets } : {}), ...(stops?.features.length ? { [STOPS_LAYER]: stops } : {}) }
    const encoded = Object.keys(layers).length ? fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }) : null
    if (this.#encoded.size >= MAX_CACHED_TILES) this.#encoded.clear()
    this.#encoded.set(key, encoded)
    return encoded
  }

  /** Every tile with something in it, zoom 0 to BASEMAP_MAX_ZOOM: the whole basemap, e.g. to write it to a PMTiles archive. */
  *everyTile(): Generator<TileAddress & { data: Uint8Array }> {
    if (!this.bounds) return
    const [west, south, east, north] = this.bounds
    for (let z = 0; z <= BASEMAP_MAX_ZOOM; z++) {
      const { x: minX, y: minY } = tileContaining(west, north, z)
      const { x: maxX, y: maxY } = tileContaining(east, south, z)
      for (let x = minX; x <= maxX; x++) {
        for (let y = minY; y <= maxY; y++) {
          const data = this.tile({ z, x, y })
          if (data) yield { z, x, y, data }
        }
      }
    }
  }
}

/** The tile holding a point at zoom z (OpenStreetMap's slippy-map formula), clamped to the world. */
export function tileContaining(lon: number, lat: number, z: number): TileAddress {
  const size = 2 ** z
  const latRad = (lat * Math.PI) / 180
  const x = Math.floor(((lon + 180) / 360) * size)
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * size)
  return { z, x: Math.min(size - 1, Math.max(0, x)), y: Math.min(size - 1, Math.max(0, y)) }
}

function boundsOf(features: BasemapFeatures): [number, number, number, number] | null {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  const add = ([lon, lat]: number[]) => {
    west = Math.min(west, lon!)
    east = Math.max(east, lon!)
    south = Math.min(south, lat!)
    north = Math.max(north, lat!)
  }
  for (const street of features.streets.features) street.geometry.coordinates.forEach(add)
  for (const stop of features.stops.features) add(stop.geometry.coordinates)
  return west <= east ? [west, south, east, north] : null
}

/** '12', '2442', '1655' → a tile address, or why not: z an integer 0–24, x and y integers within 0 … 2^z − 1. */
export function parseTileAddress(z: string, x: string, y: string): TileAddress | string {
  const [zn, xn, yn] = [z, x, y].map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number]
  if (!Number.isInteger(zn) || zn > 24) return `z "${z}" is not a zoom level (an integer from 0 to 24)`
  const size = 2 ** zn
  if (!Number.isInteger(xn) || xn >= size) return `x "${x}" is not a tile column at zoom ${zn} (an integer from 0 to ${size - 1})`
  if (!Number.isInteger(yn) || yn >= size) return `y "${y}" is not a tile row at zoom ${zn} (an integer from 0 to ${size - 1})`
  return { z: zn, x: xn, y: yn }
}
