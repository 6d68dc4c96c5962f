import { activeFeedId } from '@masar/gtfs/import/feeds.repository'
import { exportFeedZip } from '@masar/gtfs/export/export-feed'
import type { FastifyPluginAsync } from 'fastify'
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import type { FeedStatus } from '../gtfs-rt/conformance-monitor.js'
import { ApiError } from '../http/api-errors.js'
import { sendFeed } from './send-feed.js'
import { FeedFormatQuery, FeedStatus as FeedStatusSchema } from '@masar/model/api/feeds'

const formatQuery = FeedFormatQuery
/** A protobuf feed, or the same as JSON with ?format=json; 304 when If-None-Match / If-Modified-Since match. */
const feedResponses = {
  200: { description: 'the feed: protobuf (application/x-protobuf), or JSON with ?format=json', content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: { type: 'object', additionalProperties: true, description: 'the FeedMessage as JSON' } } } },
  304: { description: 'not modified since the ETag or date the client has', type: 'null' },
} as const

/** /gtfs/gtfs.zip (the active static feed) and the GTFS-Realtime feeds. */
export interface FeedsOptions {
  pool: pg.Pool
  vehiclePositions: () => EncodedFeed
  tripUpdates: () => EncodedFeed
  alerts: () => EncodedFeed
  status: () => FeedStatus
  maxAgeS: number
}

export const feedsPlugin: FastifyPluginAsync<FeedsOptions> = async (app, options) => {
  type StaticFeed = { feedId: number; bytes: Buffer; etag: string; lastModified: string }
  // One export per active feed, however many requests arrive while it is being made (it takes seconds).
  let staticFeed: { feedId: number; zip: Promise<StaticFeed> } | null = null
  const zipOf = (feedId: number) => exportFeedZip(options.pool, feedId).then((bytes) =>
    ({ feedId, bytes, etag: `"feed-${feedId}-${createHash('sha1').update(bytes).digest('base64url').slice(0, 16)}"`, lastModified: new Date().toUTCString() }))
  app.get('/gtfs/gtfs.zip', { schema: { tags: ['feeds'], operationId: 'getGtfsZip', summary: 'The active static GTFS feed (ETag, 304)', response: { 200: { description: 'the GTFS zip', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } }, 304: feedResponses[304] } } }, async (request, reply) => {
    const feedId = await activeFeedId(options.pool)
    if (feedId === null) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active: import one with npm run gtfs:import')
    if (staticFeed?.feedId !== feedId) {
      const building = { feedId, zip: zipOf(feedId) }
      staticFeed = building
      building.zip.catch(() => { if (staticFeed === building) staticFeed = null }) // the next request tries again
    }
    const feed = await staticFeed.zip
    reply.header('ETag', feed.etag).header('Last-Modified', feed.lastModified).header('Cache-Control', 'public, max-age=300')
    if (request.headers['if-none-match'] === feed.etag) return reply.code(304).send()
    return reply.type('application/zip').header('Content-Disposition', 'attachment; filename="gtfs.zip"').send(feed.bytes)
  })

  app.get<{ Querystring: { format?: 'json' | 'pb' } }>('/gtfs-rt/vehicle-positions.pb', { schema: { tags: ['feeds'], operationId: 'getVehiclePositionsFeed', summary: 'GTFS-Realtime VehiclePositions (protobuf; ?format=json for people)', querystring: formatQuery, response: feedResponses } }, async (request, reply) =>
    sendFeed(request, reply, options.vehiclePositions(), 'application/x-protobuf', options.maxAgeS))

  app.get<{ Querystring: { format?: 'json' | 'pb' } }>('/gtfs-rt/trip-updates.pb', { schema: { tags: ['feeds'], operationId: 'getTripUpdatesFeed', summary: 'GTFS-Realtime TripUpdates: each matched bus\'s deviation carried down its trip and block', querystring: formatQuery, response: feedResponses } }, async (request, reply) =>
    sendFeed(request, reply, options.tripUpdates(), 'application/x-protobuf', options.maxAgeS))

  app.get('/gtfs-rt/status', { schema: { tags: ['feeds'], operationId: 'getFeedStatus', summary: 'The feeds checked against the GTFS-Realtime validator rules (every 30 s)', response: { 200: FeedStatusSchema } } }, async () => options.status())

  app.get<{ Querystring: { format?: 'json' | 'pb' } }>('/gtfs-rt/alerts.pb', { schema: { tags: ['feeds'], operationId: 'getAlertsFeed', summary: 'GTFS-Realtime service alerts, in Arabic and English', querystring: formatQuery, response: feedResponses } }, async (request, reply) =>
    sendFeed(request, reply, options.alerts(), 'application/x-protobuf', options.maxAgeS))
}
