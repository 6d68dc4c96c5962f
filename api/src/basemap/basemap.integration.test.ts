import { VectorTile } from '@mapbox/vector-tile'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import Protobuf from 'pbf'
import { PMTiles, type RangeResponse, type Source } from 'pmtiles'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../auth/auth.js'
import { FleetState } from '../fleet/fleet-state.js'
import { buildApp, type AppOptions, type RealtimeReader } from '../http/build-app.js'
import { createApiMetrics } from '../metrics.js'
import { tileContaining } from './basemap-tiles.js'
import { writeProtomapsFixture } from '../testing/protomaps-fixture.js'

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

const tileAt = (lon: number, lat: number, z: number) => {
  const { x, y } = tileContaining(lon, lat, z)
  return `${z}/${x}/${y}`
}

describe('the offline basemap', () => {
  it('serves a MapLibre style (version 8) whose tiles are the api\'s own and decode into the feed\'s streets and stops', async () => {
    const app = await appWith(() => amman)
    try {
      const settings = await app.inject({ url: '/api/v1/map' })
      expect(settings.json()).toEqual({ styleUrl: '/map/style.json?lang=ar' })
      expect((await app.inject({ url: '/api/v1/map?lang=en' })).json()).toEqual({ styleUrl: '/map/style.json?lang=en' })
      expect((await app.inject({ url: '/api/v1/map', headers: { 'accept-language': 'en-GB,en;q=0.9,ar;q=0.5' } })).json()).toEqual({ styleUrl: '/map/style.json?lang=en' })

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

  it('names the stops in the reader\'s language', async () => {
    const app = await appWith(() => amman)
    try {
      const layerOf = async (lang: string) => (await app.inject({ url: `/map/style.json?lang=${lang}` })).json().layers.find((layer: { id: string }) => layer.id === 'stop-names')
      expect((await layerOf('en')).layout['text-field']).toEqual(['get', 'name_en'])
      expect((await layerOf('ar')).layout['text-field']).toEqual(['get', 'name_ar'])
      expect((await app.inject({ url: '/map/style.json?lang=fr' })).statusCode).toBe(400)
    } finally {
      await app.close()
    }
  })
})

describe('a city\'s Protomaps build (MAP_DATA_DIR, MAP_PMTILES)', () => {
  let dataDir = ''
  let archive: Uint8Array
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'masar-map-data-'))
    archive = await writeProtomapsFixture(amman, join(dataDir, 'amman.pmtiles'))
    await writeFile(join(dataDir, 'secrets.txt'), 'not a map file')
  })
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })
  const withArchive = () => appWith(() => amman, { map: { styleUrl: null, styleOrigin: null, dataDir, pmtiles: 'amman.pmtiles' } })

  it('draws it with @protomaps/basemaps in the reader\'s language, the feed\'s stops over it, all from this origin', async () => {
    const app = await withArchive()
    try {
      expect((await app.inject({ url: '/api/v1/map?lang=en' })).json()).toEqual({ styleUrl: '/map/style.json?lang=en' })
      for (const lang of ['ar', 'en']) {
        const style = (await app.inject({ url: `/map/style.json?lang=${lang}` })).json()
        expect(validateStyleMin(style), lang).toEqual([])
        expect(style.sources.protomaps).toEqual({ type: 'vector', url: 'pmtiles:///map/data/amman.pmtiles', attribution: expect.stringContaining('OpenStreetMap') })
        const ids = style.layers.map((layer: { id: string }) => layer.id)
        expect(ids).toEqual(expect.arrayContaining(['earth', 'roads_major', 'places_locality', 'stops', 'terminals', 'stop-names']))
        expect(ids.indexOf('stops')).toBeGreaterThan(ids.indexOf('places_locality')) // the stops over the city
        const json = JSON.stringify(style)
        expect(json).toContain(`name:${lang}`)
        // the labels in the dashboard's own font, and no icon without a sprite
        expect(style.glyphs).toBe('/glyphs/{fontstack}/{range}.pbf')
        expect(json).not.toContain('Noto Sans Regular')
        expect(json).not.toContain('icon-image')
      }
    } finally {
      await app.close()
    }
  })

  it('serves the archive with range requests, which the pmtiles reader uses to read its tiles', async () => {
    const app = await withArchive()
    try {
      const head = await app.inject({ url: '/map/data/amman.pmtiles', headers: { range: 'bytes=0-126' } })
      expect(head.statusCode).toBe(206)
      expect(head.headers['content-range']).toBe(`bytes 0-126/${archive.length}`)
      expect(head.rawPayload.subarray(0, 7).toString('ascii')).toBe('PMTiles')
      expect(head.headers.etag).toBeTruthy()
      const beyond = await app.inject({ url: '/map/data/amman.pmtiles', headers: { range: `bytes=${archive.length + 10}-` } })
      expect(beyond.statusCode, beyond.body).toBe(416)

      const requests: string[] = []
      const source: Source = {
        getKey: () => 'amman.pmtiles',
        async getBytes(offset, length): Promise<RangeResponse> {
          const range = `bytes=${offset}-${offset + length - 1}`
          requests.push(range)
          const response = await app.inject({ url: '/map/data/amman.pmtiles', headers: { range } })
          expect(response.statusCode).toBe(206)
          const bytes = new Uint8Array(response.rawPayload.length)
          bytes.set(response.rawPayload)
          return { data: bytes.buffer, etag: response.headers.etag as string }
        },
      }
      const reader = new PMTiles(source)
      expect((await reader.getMetadata()) as { attribution: string }).toMatchObject({ attribution: expect.stringContaining('OpenStreetMap') })
      const shape = [...amman.shapes.values()][0]!
      const { x, y } = tileContaining(shape.lons[0]!, shape.lats[0]!, 13)
      const tile = await reader.getZxy(13, x, y)
      const decoded = new VectorTile(new Protobuf(new Uint8Array(tile!.data)))
      expect(decoded.layers.roads!.length).toBeGreaterThan(0)
      expect(requests.every((range) => !range.startsWith('bytes=0-') || Number(range.split('-')[1]) < archive.length - 1)).toBe(true)
    } finally {
      await app.close()
    }
  })

  it('serves nothing else from the directory', async () => {
    const app = await withArchive()
    try {
      for (const url of ['/map/data/secrets.txt', '/map/data/../package.json', '/map/data/', '/map/data/nope.pmtiles']) {
        expect((await app.inject({ url })).statusCode, url).toBe(404)
      }
    } finally {
      await app.close()
    }
  })
})
