import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import pino from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAuth } from '../auth/auth.js'
import { FleetState } from '../fleet/fleet-state.js'
import type { EncodedFeed } from '../gtfs-rt/feed-cache.js'
import { createApiMetrics } from '../metrics.js'
import type { RealtimeFeedName } from '../realtime/realtime-messages.js'
import { buildApp, type RealtimeReader } from './build-app.js'

/**
 * buildApp takes a handful of dependencies, so the api can be tried with `inject`, no server and no engine: here
 * what a reader serves before and after the realtime engine has published.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await database?.close()
})

it('answers from what the engine published: 503 with a stable code before it has, its bytes and ETag after', async () => {
  const feeds = new Map<RealtimeFeedName, EncodedFeed>()
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  const realtime: RealtimeReader = {
    fleet, feed: (name) => feeds.get(name) ?? null, feedStatus: () => null, predictions: () => [], cancelledKeys: () => new Set(), alerts: () => [], pingsPerSecond: () => 0,
    command: async () => true,
  }
  let reasons = ['no state from the realtime engine yet']
  const now = () => Date.UTC(2026, 11, 7, 8, 0)
  const app = await buildApp({
    logger: pino({ level: 'silent' }), pool: database.pool, realtime, schedule: () => null, now, notReadyReasons: () => reasons,
    auth: await createAuth({ pool: database.pool, secret: 'a-test-secret-that-is-long-enough-0123456789', tokenTtlS: 3600, now }),
    metrics: createApiMetrics(fleet, now, { defaultMetrics: false }),
    options: { feedMaxAgeS: 2, rateLimitPerMinute: 1000, timescale: database.timescale },
  })
  try {
    const before = await app.inject({ url: '/gtfs-rt/vehicle-positions.pb' })
    expect(before.statusCode).toBe(503)
    expect(before.json()).toMatchObject({ code: 'API_REALTIME_NOT_READY' })
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ ready: false, reasons })
    expect((await app.inject({ url: '/api/v1/stops?q=jordan' })).json()).toMatchObject({ code: 'API_NO_ACTIVE_FEED' })

    const message = GtfsRealtimeBindings.transit_realtime.FeedMessage.fromObject({ header: { gtfsRealtimeVersion: '2.0', timestamp: 1796630400 }, entity: [] })
    const bytes = GtfsRealtimeBindings.transit_realtime.FeedMessage.encode(message).finish()
    feeds.set('vehicle-positions', { bytes, gzipped: Buffer.alloc(0), etag: '"published-by-the-engine"', lastModifiedMs: now(), builtAtMs: now(), json: () => message.toJSON() })
    reasons = []
    const after = await app.inject({ url: '/gtfs-rt/vehicle-positions.pb' })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).toBe('"published-by-the-engine"')
    expect(Buffer.from(after.rawPayload).equals(Buffer.from(bytes))).toBe(true)
    expect((await app.inject({ url: '/gtfs-rt/vehicle-positions.pb', headers: { 'if-none-match': '"published-by-the-engine"' } })).statusCode).toBe(304)
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200)
  } finally {
    await app.close()
  }
})

it('serves neither /metrics (its own port: start-api.ts) nor, with API_DOCS=false, /docs and the OpenAPI document on the public port', async () => {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  const realtime: RealtimeReader = {
    fleet, feed: () => null, feedStatus: () => null, predictions: () => [], cancelledKeys: () => new Set(), alerts: () => [], pingsPerSecond: () => 0, command: async () => true,
  }
  const now = () => Date.UTC(2026, 11, 7, 8, 0)
  const appWith = async (docs: boolean | undefined) => buildApp({
    logger: pino({ level: 'silent' }), pool: database.pool, realtime, schedule: () => null, now, notReadyReasons: () => [],
    auth: await createAuth({ pool: database.pool, secret: 'a-test-secret-that-is-long-enough-0123456789', tokenTtlS: 3600, now }),
    metrics: createApiMetrics(fleet, now, { defaultMetrics: false }),
    options: { feedMaxAgeS: 2, rateLimitPerMinute: 1000, timescale: database.timescale, ...(docs === undefined ? {} : { docs }) },
  })
  const withDocs = await appWith(undefined)
  const withoutDocs = await appWith(false)
  try {
    for (const app of [withDocs, withoutDocs]) {
      const metrics = await app.inject({ url: '/metrics' })
      expect(metrics.statusCode).toBe(404)
      expect(metrics.json()).toMatchObject({ code: 'API_NOT_FOUND' })
    }
    expect((await withDocs.inject({ url: '/docs/json' })).statusCode).toBe(200) // on by default
    expect((await withDocs.inject({ url: '/docs' })).statusCode).toBeLessThan(400)
    for (const url of ['/docs', '/docs/', '/docs/json', '/docs/yaml', '/docs/static/index.html']) {
      const response = await withoutDocs.inject({ url })
      expect(response.statusCode, url).toBe(404)
      expect(response.json()).toMatchObject({ code: 'API_NOT_FOUND' })
    }
    // the routes keep their documented error bodies all the same
    expect((await withoutDocs.inject({ url: '/api/v1/stops?q=x' })).json()).toMatchObject({ code: 'API_NO_ACTIVE_FEED' })
  } finally {
    await withDocs.close()
    await withoutDocs.close()
  }
})
