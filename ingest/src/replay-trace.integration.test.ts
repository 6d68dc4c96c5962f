import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import { readTrace } from '@masar/simulators/replay/read-trace'
import { REAL_TRACES, missingRealTraces } from '@masar/simulators/replay/real-traces'
import { replayTrace } from '@masar/simulators/replay/replay-trace'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import { loadConfig } from './config.js'
import { startIngest, type Ingest } from './start-ingest.js'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'

const missing = missingRealTraces()
if (missing) console.warn(`replay-trace integration: ${missing}`)

const agencyId = `replay-it${process.pid}`
const clientId = `replay-it-ingest-${process.pid}-${Date.now()}`
const WINDOW = 2_000
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest

/**
 * About 2,000 records of the real Amman trace, around its first repeated report (the same bus twice at the same poll
 * time), so the window holds a real duplicate. Vehicle ids get a per-run prefix: each vehicle is its own MQTT client
 * (client id = vehicle id), and a shared broker must not see two runs fight over one id.
 */
async function ammanWindow(): Promise<TraceRecord[]> {
  const { records } = await readTrace(REAL_TRACES.amman)
  const seen = new Set<string>()
  const firstRepeat = records.findIndex((r) => {
    const key = `${r.vehicleId}@${r.atMs}`
    if (seen.has(key)) return true
    seen.add(key)
    return false
  })
  const from = Math.max(0, firstRepeat - WINDOW / 2)
  return records.slice(from, from + WINDOW).map((r) => ({ ...r, vehicleId: `p${process.pid}-${r.vehicleId}` }))
}

beforeAll(async () => {
  if (missing) return
  database = await createTestDatabase()
  broker = await createTestBroker()
  const config = loadConfig({
    DATABASE_URL: database.url,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: clientId,
    MQTT_PROTOCOL_VERSION: String(broker.protocolVersion),
    MQTT_SHARE_GROUP: broker.supportsSharedSubscriptions ? `test-${clientId}` : '',
    // Only this test's agency: a shared broker carries other people's traffic.
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId),
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    DB_RETRY_MIN_MS: '50',
    DB_RETRY_MAX_MS: '500',
    INGEST_WRITE_METHOD: database.embedded ? 'insert' : 'copy',
  })
  ingest = await startIngest({ config, logger: pino({ level: 'warn' }), pool: database.pool, http: false })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

async function metric(read: () => Promise<{ values: Array<{ value: number }> }>): Promise<number> {
  return (await read()).values.reduce((sum, v) => sum + v.value, 0)
}

const label = `replayTrace through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} and ingest into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`
describe.skipIf(missing !== null)(`${label}${missing ? ` (${missing})` : ''}`, () => {
  it('stores every replayed Amman ping once: one row per vehicle and fix time, repeats counted as duplicates, none refused', async () => {
    const records = await ammanWindow()
    const expectedRows = new Set(records.map((r) => `${r.vehicleId}@${r.atMs}`)).size
    const expectedVehicles = new Set(records.map((r) => r.vehicleId)).size
    expect(records.length - expectedRows).toBe(1) // bus 75259 reported twice at 2025-11-11T21:28:36 (both directions)

    const clients = createVehicleClients({ url: broker.url, protocolVersion: broker.protocolVersion })
    const startedMs = Date.now()
    let result
    try {
      result = await replayTrace({ records, clients, agencyId, speed: Infinity })
    } finally {
      await clients.close()
    }
    expect(result).toMatchObject({ published: records.length, skipped: 0, vehicles: expectedVehicles })
    expect(clients.acknowledged()).toBe(records.length)

    const countRows = async (sql: string) => (await database.pool.query<{ n: number }>(sql, [agencyId])).rows[0]!.n
    await vi.waitFor(async () => {
      expect(await metric(() => ingest.metrics.pingsReceived.get())).toBe(records.length)
      expect(await countRows('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1')).toBe(expectedRows)
    }, { timeout: 60_000, interval: 200 })
    await vi.waitFor(async () => {
      expect(await metric(() => ingest.metrics.pingsStored.get()) + await metric(() => ingest.metrics.pingsDuplicate.get())).toBe(records.length)
    }, { timeout: 10_000, interval: 100 })
    expect(await metric(() => ingest.metrics.pingsStored.get())).toBe(expectedRows)
    expect(await metric(() => ingest.metrics.pingsRejected.get())).toBe(0)
    expect(await countRows(`SELECT count(*)::int AS n FROM ping_rejects WHERE topic LIKE 'masar/v1/' || $1 || '/%'`)).toBe(0)

    // Shifted to the replay's start; Amman's bearing 0 (unknown) stored as no bearing.
    const { rows } = await database.pool.query<{ first: Date; vehicles: number; zero_bearings: number }>(
      `SELECT min(recorded_at) AS first, count(DISTINCT vehicle_id)::int AS vehicles, count(*) FILTER (WHERE bearing_deg = 0)::int AS zero_bearings
         FROM vehicle_positions WHERE agency_id = $1`, [agencyId])
    expect(rows[0]!.vehicles).toBe(expectedVehicles)
    expect(rows[0]!.zero_bearings).toBe(0)
    expect(Math.abs(rows[0]!.first.getTime() - startedMs)).toBeLessThan(10_000)
  })
})
