import type { FastifyPluginAsync } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import fastifyStatic from '@fastify/static'
import { MapSettingsResponse } from '@masar/model/api/map'
import { Lang } from '@masar/model/api/schema'
import { ApiError } from '../http/api-errors.js'
import { langOf, type Lang as LangCode } from '../http/request-lang.js'
import { basemapFeaturesOf } from './basemap-features.js'
import { basemapStyle, STYLE_PATH, TILES_PATH } from './basemap-style.js'
import { BasemapTiles, parseTileAddress } from './basemap-tiles.js'
import { MAP_DATA_PATH, protomapsStyle } from './protomaps-style.js'

export interface BasemapOptions {
  schedule: () => Schedule | null
  /** MAP_STYLE_URL: the style every map draws instead of the basemap served here; null: this one. */
  styleUrl: string | null
  /** MAP_DATA_DIR: map files served at /map/data/ with range requests; null: none. */
  dataDir?: string | null
  /** MAP_PMTILES: a Protomaps build in dataDir, drawn with the feed's stops over it; null: the basemap made from the feed. */
  pmtiles?: string | null
}

const LangQuery = Type.Object({ lang: Type.Optional(Lang) })
/** A file the api serves from MAP_DATA_DIR: a PMTiles archive or a style, by name (no directories). */
const DATA_FILE = /^[\w.-]+\.(pmtiles|json)$/

/** Browsers keep a tile an hour (its URL names the feed, so a new feed's tiles are new URLs); the style is revalidated. */
const TILE_CACHE_CONTROL = 'public, max-age=3600'
const TileParams = Type.Object({
  z: Type.String({ description: 'zoom, 0–24' }),
  x: Type.String({ description: 'column, 0 … 2^z − 1' }),
  y: Type.String({ description: 'row, 0 … 2^z − 1' }),
})

/**
 * The offline default basemap, made from what Masar has: the active feed's shapes and stops cut into vector tiles in
 * memory (basemap-tiles.ts), built again when the active schedule changes (on the first request that sees the new
 * one), served from this origin so the Content-Security-Policy stays 'self'; or a city's Protomaps build
 * (MAP_PMTILES) from MAP_DATA_DIR, served here too. And where the dashboard's maps find their style
 * (GET /api/v1/map): this basemap, or MAP_STYLE_URL.
 */
export const basemapPlugin: FastifyPluginAsync<BasemapOptions> = async (app, options) => {
  let built: { schedule: Schedule; tiles: BasemapTiles } | null = null
  const tilesOf = (schedule: Schedule | null): BasemapTiles | null => {
    if (!schedule) return null
    if (built?.schedule !== schedule) built = { schedule, tiles: new BasemapTiles(basemapFeaturesOf(schedule)) }
    return built.tiles
  }

  app.get<{ Querystring: { lang?: LangCode } }>('/api/v1/map', {
    schema: { tags: ['riders'], operationId: 'getMapSettings', summary: 'The MapLibre style the maps draw under the buses, its labels in the reader\'s language (?lang= or Accept-Language)', querystring: LangQuery, response: { 200: MapSettingsResponse } },
  }, async (request, reply): Promise<MapSettingsResponse> => {
    reply.header('cache-control', 'no-cache').header('vary', 'accept-language')
    return { styleUrl: options.styleUrl ?? `${STYLE_PATH}?lang=${langOf(request)}` }
  })

  app.get<{ Querystring: { lang?: LangCode } }>(STYLE_PATH, {
    schema: { tags: ['riders'], operationId: 'getBasemapStyle', summary: 'The api\'s basemap as a MapLibre style (version 8): a Protomaps build\'s streets (MAP_PMTILES) or, offline by default, the active feed\'s shapes as streets; its stops and terminals over them', querystring: LangQuery, response: { 200: { description: 'a MapLibre style', type: 'object', additionalProperties: true } } },
  }, async (request, reply) => {
    const schedule = options.schedule()
    const lang = langOf(request)
    reply.header('cache-control', 'no-cache').header('vary', 'accept-language').type('application/json; charset=utf-8')
    const feed = { feedId: schedule?.feedId ?? null, tiles: tilesOf(schedule) }
    return options.pmtiles ? protomapsStyle(options.pmtiles, lang, feed) : basemapStyle(feed.feedId, feed.tiles, lang)
  })

  if (options.dataDir) {
    // range requests (206, Content-Range), ETag and Last-Modified by @fastify/send; only archives and styles, by name
    await app.register(fastifyStatic, {
      root: options.dataDir, prefix: `${MAP_DATA_PATH}/`, decorateReply: false, schemaHide: true, index: false, dotfiles: 'deny',
      allowedPath: (path) => DATA_FILE.test(path.replace(/^\//, '')), cacheControl: false,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    })
  }

  app.get(`${TILES_PATH}/:z/:x/:y.pbf`, {
    schema: {
      tags: ['riders'], operationId: 'getBasemapTile', summary: 'A vector tile of the offline basemap (Mapbox Vector Tile 2: layers streets and stops)',
      params: TileParams,
      response: { 200: { description: 'the tile (application/vnd.mapbox-vector-tile)', content: { 'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } } } } },
    },
  }, async (request, reply) => {
    const { z, x, y } = request.params as { z: string; x: string; y: string }
    const address = parseTileAddress(z, x, y)
    if (typeof address === 'string') throw new ApiError('API_BAD_REQUEST', address)
    const tile = tilesOf(options.schedule())?.tile(address) ?? null
    if (!tile) throw new ApiError('API_TILE_NOT_FOUND', `the basemap has nothing at ${address.z}/${address.x}/${address.y}`)
    return reply.header('cache-control', TILE_CACHE_CONTROL).type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength))
  })
}
