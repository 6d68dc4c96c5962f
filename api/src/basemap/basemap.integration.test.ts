import { VectorTile } from '@mapbox/vector-tile'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import Protobuf from 'pbf'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../auth/auth.js'
import { FleetState } from '../fleet/fleet-state.js'
import { buildApp, type AppOptions, type RealtimeReader } from '../http/build-app.js'
import { createApiMetrics } from '../metrics.js'

/** The offline basemap through the api: its style is valid for MapLibre, its tiles decode, bad addresses are refused. */
let database: TestDatabase
let amman: Schedule
beforeAll(async () => {
  database = await createTestDatabase()
  amman = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
}, 120_000)
afterAll(async () => {
  await database?.close()
})

async function appWith(schedule: () => Schedule | null, options: Partial<AppOptions> = {}) {
  const fleet = new FleetState({ staleAfterMs: 60_000, offlineAfterMs: 300_000 })
  const realtime: RealtimeReader = {
    fleet, feed: () => null, feedStatus: () => null, predictions: () => [], cancelledKeys: () => new Set(), alerts: () => [], pingsPerSecond: () => 0, command: async () => true,
  }
  const now = () => Date.UTC(2026, 11, 7, 8, 0)
  return buildApp({
    logger: pino({ level: 'silent' }), pool: database.pool, realtime, schedule, now, notReadyReasons: () => [],
    auth: await createAuth({ pool: database.pool, secret: 'a-test-secret-that-is-long-enough-0123456789', tokenTtlS: 3600, now }),
    metrics: createApiMetrics(fleet, now, { defaultMetrics: false }),
    options: { feedMaxAgeS: 2, rateLimitPerMinute: 10_000, timescale: database.timescale, checkResponses: true, ...options },
  })
}

/** The tile holding a point (OpenStreetMap's slippy-map formula). */
const tileAt = (lon: number, lat: number, z: number) => {
  const rad = (lat * Math.PI) / 180
  return `${z}/${Math.floor(((lon + 180) / 360) * 2 ** z)}/${Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)}`
}

describe('the offline basemap', () => {
  it('serves a MapLibre style (version 8) whose tiles are the api\'s own and decode into the feed\'s streets and stops', async () => {
    const app = await appWith(() => amman)
    try {
      const settings = await app.inject({ url: '/api/v1/map' })
      expect(settings.json()).toEqual({ styleUrl: '/map/style.json' })

      const styleResponse = await app.inject({ url: '/map/style.json' })
      expect(styleResponse.statusCode).toBe(200)
      expect(styleResponse.headers['content-type']).toMatch(/^application\/json/)
      expect(styleResponse.headers['cache-control']).toBe('no-cache')
      const style = styleResponse.json()
      expect(validateStyleMin(style)).toEqual([])
      expect(style.version).toBe(8)
      expect(style.layers.map((layer: { id: string }) => layer.id)).toEqual(['background', 'streets-casing', 'streets', 'stops', 'terminals', 'stop-names'])
      const [tileUrl] = style.sources.masar.tiles as string[]
      expect(tileUrl).toBe(`/map/tiles/{z}/{x}/{y}.pbf?feed=${amman.feedId}`)

      const shape = [...amman.shapes.values()][0]!
      const tile = await app.inject({ url: tileUrl!.replace('{z}/{x}/{y}', tileAt(shape.lons[0]!, shape.lats[0]!, 14)) })
      expect(tile.statusCode).toBe(200)
      expect(tile.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
      expect(tile.headers['cache-control']).toBe('public, max-age=3600')
      expect(tile.headers['content-security-policy']).toContain("connect-src 'self' data: blob:;")
      const decoded = new VectorTile(new Protobuf(tile.rawPayload))
      expect(Object.keys(decoded.layers).sort()).toEqual(['stops', 'streets'])
      expect(decoded.layers.streets!.length).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
  })

  it('answers 404 where it has nothing, 400 (the api\'s error format) for what is not a tile address', async () => {
    const app = await appWith(() => amman)
    try {
      const london = await app.inject({ url: `/map/tiles/${tileAt(-0.1276, 51.5072, 14)}.pbf` })
      expect(london.statusCode).toBe(404)
      expect(london.json()).toMatchObject({ code: 'API_TILE_NOT_FOUND' })
      for (const bad of ['3/8/0', '3/0/8', '25/0/0', 'x/0/0', '1/0/-1', '3/1.5/2']) {
        const response = await app.inject({ url: `/map/tiles/${bad}.pbf` })
        expect(response.statusCode, bad).toBe(400)
        expect(response.json(), bad).toMatchObject({ code: 'API_BAD_REQUEST', message: expect.stringMatching(/is not a (zoom level|tile column|tile row)/) })
      }
    } finally {
      await app.close()
    }
  })

  it('follows the active feed: no feed, no tiles (the style still valid); a new feed, new tile URLs', async () => {
    let active: Schedule | null = null
    const app = await appWith(() => active)
    try {
      const empty = (await app.inject({ url: '/map/style.json' })).json()
      expect(validateStyleMin(empty)).toEqual([])
      expect(empty.sources.masar.tiles).toEqual(['/map/tiles/{z}/{x}/{y}.pbf'])
      expect((await app.inject({ url: '/map/tiles/0/0/0.pbf' })).json()).toMatchObject({ code: 'API_TILE_NOT_FOUND' })
      active = amman
      expect((await app.inject({ url: '/map/tiles/0/0/0.pbf' })).statusCode).toBe(200)
      expect((await app.inject({ url: '/map/style.json' })).json().sources.masar.tiles).toEqual([`/map/tiles/{z}/{x}/{y}.pbf?feed=${amman.feedId}`])
    } finally {
      await app.close()
    }
  })

  it('gives MAP_STYLE_URL to the maps, and lets the page fetch from that host alone', async () => {
    const app = await appWith(() => amman, { map: { styleUrl: 'https://tiles.example.org/amman.json', styleOrigin: 'https://tiles.example.org' } })
    try {
      const response = await app.inject({ url: '/api/v1/map' })
      expect(response.json()).toEqual({ styleUrl: 'https://tiles.example.org/amman.json' })
      expect(response.headers['content-security-policy']).toContain("connect-src 'self' data: blob: https://tiles.example.org;")
    } finally {
      await app.close()
    }
  })
})
