import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { TrackerProvisioning } from '@masar/platform/trackers/tracker-provisioning'
import { createViaClients, type ViaClients, type ViaClientsOptions } from '@masar/simulators/tracker/via/via-clients'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from '../start-ingest.js'
import { ingestTestConfig } from '../testing/ingest-test-config.js'

/**
 * End to end: the simulator's trackers (`npm run sim -- --via …`) through ingest's sources gateway into the database,
 * with provisioned phones' tokens and Traccar sources' keys.
 */
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
let dir: string
let feed: ViaClients
const run = `${process.pid}${Date.now() % 100_000}`
const agencyId = `sim${run}`
const vehicles = { osmand: `sim-osmand-${run}`, 'traccar-json': `sim-json-${run}`, 'traccar-url': `sim-url-${run}`, 'traccar-mqtt': `sim-mqtt-${run}` } as const
const passwords = new Map<string, string>()
const sources = new Map<string, string>()

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  dir = await mkdtemp(join(tmpdir(), 'masar-sim-sources-'))
  const provisioning = new TrackerProvisioning(dir)
  for (const issued of await provisioning.add(Object.values(vehicles), agencyId)) passwords.set(issued.registration.vehicleId, issued.password)
  for (const via of ['traccar-json', 'traccar-url', 'traccar-mqtt']) sources.set(via, (await provisioning.addSource(`sim-${via}-${run}`, agencyId)).key)
  feed = await createViaClients({ via: 'gtfs-rt', gatewayUrl: '', servePort: 0 })
  const feeds = [{ id: `sim-feed-${run}`, kind: 'gtfs-rt', url: feed.report().feedUrl, intervalS: 1, agencyId, autoRegister: true }]
  ingest = await startIngest({
    config: ingestTestConfig({
      databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId: `ingest-sim-sources-${run}`,
      env: { SOURCES_HTTP_PORT: '0', SOURCES_CREDENTIALS_DIR: dir, SOURCES_TRACCAR_MQTT: 'true', SOURCES_FEEDS: JSON.stringify(feeds) },
    }),
    logger: pino({ level: 'warn' }), pool: database.pool,
  })
})
afterAll(async () => {
  await ingest?.stop()
  await feed?.close()
  await broker?.close()
  await database?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function positionsOf(vehicleId: string) {
  const { rows } = await database.pool.query<{ recorded_at: Date; lat: number; speed_mps: number | null; bearing_deg: number | null }>(
    'SELECT recorded_at, lat, speed_mps, bearing_deg FROM vehicle_positions WHERE vehicle_id = $1 ORDER BY recorded_at', [vehicleId])
  return rows
}

describe('the simulator\'s sources into ingest', () => {
  it.each(Object.entries(vehicles) as Array<[keyof typeof vehicles, string]>)('%s: a fix and a batch of two are stored, as sent', async (via, vehicleId) => {
    const options: ViaClientsOptions = {
      via, gatewayUrl: ingest.sourcesUrl!, mqttUrl: broker.url, mqttProtocolVersion: broker.protocolVersion, sourceId: `sim-${via}-${run}`, key: sources.get(via),
      tokenOf: (id) => passwords.get(id) ?? null,
    }
    const clients = await createViaClients(options)
    const startMs = (Math.floor(Date.now() / 1000) - 60) * 1000
    const ping = (i: number) => ({ ts: startMs + i * 10_000, lat: 31.95 + i / 1000, lon: 35.91, speed: 5 + i, bearing: 90 + i, accuracy: 4, seq: i })
    await clients.publish(vehicleId, formatPositionTopic(agencyId, vehicleId, 'position'), JSON.stringify(ping(0)))
    await clients.publish(vehicleId, formatPositionTopic(agencyId, vehicleId, 'positions'), JSON.stringify([ping(1), ping(2)]))
    await clients.close()
    expect(clients.report()).toMatchObject({ fixes: 3, skipped: 0, ...(via === 'traccar-mqtt' ? { mqttAcknowledged: 3 } : { http: { accepted: 3, refused: 0 } }) })
    await vi.waitFor(async () => expect(await positionsOf(vehicleId)).toHaveLength(3), { timeout: 20_000, interval: 100 })
    const stored = await positionsOf(vehicleId)
    expect(stored.map((row) => row.recorded_at.getTime())).toEqual([0, 1, 2].map((i) => startMs + i * 10_000))
    expect(stored.map((row) => row.speed_mps)).toEqual([5, 6, 7].map((speed) => expect.closeTo(speed, 2)))
    expect(stored.map((row) => row.bearing_deg)).toEqual([90, 91, 92])
  })

  it('gtfs-rt: the feed the simulator serves is polled, each vehicle\'s latest fix stored, 304s while unchanged', async () => {
    const vehicleId = `sim-feed-bus-${run}`
    const fixMs = (Math.floor(Date.now() / 1000) - 30) * 1000
    await feed.publish(vehicleId, formatPositionTopic(agencyId, vehicleId, 'position'), JSON.stringify({ ts: fixMs, lat: 31.96, lon: 35.92, speed: 8, bearing: 180 }))
    await vi.waitFor(async () => expect(await positionsOf(vehicleId)).toHaveLength(1), { timeout: 20_000, interval: 200 })
    expect((await positionsOf(vehicleId))[0]).toMatchObject({ recorded_at: new Date(fixMs), speed_mps: expect.closeTo(8, 3), bearing_deg: 180 })
    await vi.waitFor(() => expect(feed.report().feedsServed!.notModified).toBeGreaterThan(0), { timeout: 10_000, interval: 200 })
  })

  it('osmand: a phone without its token is refused (4xx), counted, not retried', async () => {
    const clients = await createViaClients({ via: 'osmand', gatewayUrl: ingest.sourcesUrl!, tokenOf: () => 'not-the-token' })
    await clients.publish(vehicles.osmand, formatPositionTopic(agencyId, vehicles.osmand, 'position'), JSON.stringify({ ts: Date.now() - 5000, lat: 31.9, lon: 35.9 }))
    await clients.close()
    expect(clients.report().http).toMatchObject({ accepted: 0, refused: 1, retries: 0, refusedByStatus: { 401: 1 } })
  })
})
