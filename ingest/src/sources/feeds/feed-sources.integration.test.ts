import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from '../../start-ingest.js'
import { beershevaResponses, readBeershevaRows } from '../../testing/beersheva-siri-xml.js'
import { ingestTestConfig } from '../../testing/ingest-test-config.js'
import { missingRealFeeds, REAL_FEEDS } from '../../testing/real-feeds.js'
import { decodeGtfsRtVehiclePositions } from './gtfs-rt-vehicle-positions.js'

// Two vendor feeds polled end to end into the stored table: Halifax's real GTFS-Realtime VehiclePositions and Dan
// Be'er Sheva's real SIRI observations, each served by a local HTTP server as its vendor would. Ingest runs on a clock
// set just after each recording (its fixes would otherwise be refused as older than the retention window).
const missing = missingRealFeeds()
if (missing) console.warn(missing)

let database: TestDatabase
let broker: TestBroker
let server: Server
let ingest: Ingest
let answer: 'feed' | 'html' = 'feed'
let clockMs = 0
let halifax: Uint8Array
let siriXml: string
let siriVehicles: Set<string>
const run = `${process.pid}${Date.now() % 100_000}`

describe.skipIf(missing !== null)(`vendor feeds through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase()
    broker = await createTestBroker()
    halifax = new Uint8Array(await readFile(REAL_FEEDS.halifaxVp))
    const [first] = beershevaResponses(await readBeershevaRows(REAL_FEEDS.beershevaSiri))
    siriXml = first!.xml
    siriVehicles = new Set(first!.rows.map((row) => row.VehicleRef!))
    server = createServer((request, response) => {
      if (answer === 'html') return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Maintenance</title>')
      if (request.url === '/halifax.pb') return response.writeHead(200, { 'content-type': 'application/x-protobuf', etag: '"h1"' }).end(halifax)
      if (request.url === '/siri.xml' && request.headers['x-api-key'] === 'vendor-key') return response.writeHead(200, { 'content-type': 'application/xml' }).end(siriXml)
      response.writeHead(401).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const feeds = [
      { id: `halifax-${run}`, kind: 'gtfs-rt', url: `${base}/halifax.pb`, intervalS: 1, agencyId: `hfx${run}` },
      { id: `beersheva-${run}`, kind: 'siri-vm', url: `${base}/siri.xml`, intervalS: 1, agencyId: `bs${run}`, header: 'x-api-key: vendor-key' },
    ]
    clockMs = (decodeGtfsRtVehiclePositions(halifax).feedTimestampMs ?? 0) + 60_000
    ingest = await startIngest({
      config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId: `ingest-feeds-${run}`, env: { SOURCES_AUTH: 'open', SOURCES_FEEDS: JSON.stringify(feeds), INGEST_MAX_FUTURE_S: '600', POSITIONS_RETENTION_DAYS: '3650' } }),
      // Halifax's recording is current on this clock; Be'er Sheva's (2017) is within the ten years' retention set above
      logger: pino({ level: 'warn' }), pool: database.pool, now: () => clockMs,
    })
  })
  afterAll(async () => {
    await ingest?.stop()
    await new Promise((resolve) => server?.close(resolve))
    await broker?.close()
    await database?.close()
  })

  const count = async (sql: string, params: unknown[]) => (await database.pool.query<{ n: number }>(sql, params)).rows[0]!.n

  it('stores every vehicle of a real GTFS-Realtime feed once, however often it is polled, and reports the feed healthy', async () => {
    const expected = decodeGtfsRtVehiclePositions(halifax).fixes.length
    expect(expected).toBeGreaterThan(250)
    await vi.waitFor(async () => expect(await count('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [`hfx${run}`])).toBe(expected), { timeout: 30_000, interval: 200 })
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query('SELECT kind, url, polls, errors, consecutive_errors, fixes, last_success_at FROM source_health WHERE source_id = $1', [`halifax-${run}`])
      expect(rows[0]).toMatchObject({ kind: 'gtfs-rt', errors: '0', consecutive_errors: 0, fixes: String(expected) })
      expect(Number(rows[0].polls)).toBeGreaterThanOrEqual(2) // polled again: a 304 or the same fixes, stored once
    }, { timeout: 30_000, interval: 500 })
    expect(await count('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [`hfx${run}`])).toBe(expected)
  })

  it('stores a real SIRI-VM answer, polled with the vendor\'s key', async () => {
    await vi.waitFor(async () => expect(await count('SELECT count(DISTINCT vehicle_id)::int AS n FROM vehicle_positions WHERE agency_id = $1', [`bs${run}`])).toBe(siriVehicles.size), { timeout: 30_000, interval: 200 })
  })

  it('counts a vendor that answers HTML as failing, keeps the answer in the dead letters, and loses nothing stored', async () => {
    const stored = await count('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [`hfx${run}`])
    answer = 'html'
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query('SELECT consecutive_errors, last_error FROM source_health WHERE source_id = $1', [`halifax-${run}`])
      expect(rows[0].consecutive_errors).toBeGreaterThanOrEqual(1)
      expect(rows[0].last_error).toMatch(/where a GTFS-Realtime feed was expected/)
    }, { timeout: 30_000, interval: 500 })
    await vi.waitFor(async () => expect(await count(`SELECT count(*)::int AS n FROM ping_rejects WHERE topic = 'source/gtfs-rt' AND reason = 'unexpected_content'`, [])).toBeGreaterThanOrEqual(1), { timeout: 20_000, interval: 200 })
    expect(await count('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [`hfx${run}`])).toBe(stored)
  })
})
