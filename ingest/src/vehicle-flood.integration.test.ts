import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'

/**
 * Issue #17: one tracker (or its extracted login) flooding must not be stored without bound. Each vehicle has a
 * rate with a burst, and a batch message a cap on its fixes; the excess is refused with a reason, counted and
 * kept in ping_rejects, while the fixes within the limits, and every other vehicle's, are stored. The refill is
 * set so slow (one fix per 1,000 s) that the test's own duration adds none: what is stored is exactly the burst.
 */
const BURST = 30
const MAX_BATCH = 60
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
const agencyId = `flood${process.pid}`
const clientId = `ingest-flood-${process.pid}-${Date.now()}`

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const env = { INGEST_VEHICLE_FIXES_PER_S: '0.001', INGEST_VEHICLE_FIXES_BURST: String(BURST), INGEST_MAX_BATCH_PINGS: String(MAX_BATCH) }
  ingest = await startIngest({ config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId, env }), logger: pino({ level: 'warn' }), pool: database.pool })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

async function counts(sql: string, param: string): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<{ key: string; n: number }>(sql, [param])
  return Object.fromEntries(rows.map((r) => [r.key, r.n]))
}

describe(`a flooding vehicle, through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('has its fixes beyond its burst and an oversized batch refused and counted; another vehicle\'s are all stored', async () => {
    const start = Date.now() - 600_000
    const fix = (i: number) => ({ ts: start + i * 1000, lat: 31.95, lon: 35.91 })
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => fix(from + i))
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `${clientId}-pub` })
    const flood = (kind: 'position' | 'positions') => formatPositionTopic(agencyId, 'flood-1', kind)
    const calm = (kind: 'position' | 'positions') => formatPositionTopic(agencyId, 'calm-1', kind)
    await client.publishAsync(flood('positions'), JSON.stringify(range(0, 50)), { qos: 1 }) // 30 stored, 20 over the burst
    await client.publishAsync(calm('positions'), JSON.stringify(range(0, 5)), { qos: 1 })
    await client.publishAsync(flood('positions'), JSON.stringify(range(100, MAX_BATCH + 1)), { qos: 1 }) // over the batch cap: refused whole
    for (let i = 0; i < 10; i++) {
      await client.publishAsync(flood('position'), JSON.stringify(fix(200 + i)), { qos: 1 }) // over the burst
      await client.publishAsync(calm('position'), JSON.stringify(fix(5 + i)), { qos: 1 })
    }
    await client.publishAsync(calm('positions'), JSON.stringify(range(15, 15)), { qos: 1 }) // calm-1: 30 in all, its burst
    await client.endAsync()

    const stored = () => counts(`SELECT vehicle_id AS key, count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1 GROUP BY 1`, agencyId)
    const rejected = () => counts(`SELECT vehicle_id || ' ' || reason AS key, count(*)::int AS n FROM ping_rejects WHERE topic LIKE $1 GROUP BY 1`, `masar/v1/${agencyId}/%`)
    await vi.waitFor(async () => {
      const rows = Object.values({ ...(await stored()), ...(await rejected()) }).reduce((a, b) => a + b, 0)
      expect(rows).toBe(BURST + 30 + 20 + 1 + 10)
    }, { timeout: 30_000, interval: 100 })
    expect(await stored()).toEqual({ 'flood-1': BURST, 'calm-1': 30 })
    expect(await rejected()).toEqual({ 'flood-1 rate_limited': 30, 'flood-1 payload_too_large': 1 })
    const counted = Object.fromEntries((await ingest.metrics.pingsRejected.get()).values.filter((v) => v.value > 0).map((v) => [v.labels.reason, v.value]))
    expect(counted).toEqual({ rate_limited: 30, payload_too_large: 1 })
    // the fixes kept are the first ones the vehicle sent, and a refused single fix is kept as it was sent
    const { rows: first } = await database.pool.query<{ max: Date }>(`SELECT max(recorded_at) FROM vehicle_positions WHERE agency_id = $1 AND vehicle_id = 'flood-1'`, [agencyId])
    expect(first[0]!.max.getTime()).toBe(start + (BURST - 1) * 1000)
    const { rows: kept } = await database.pool.query<{ payload: Buffer }>(`SELECT payload FROM ping_rejects WHERE topic = $1 AND reason = 'rate_limited'`, [flood('position')])
    expect(kept.map((r) => JSON.parse(r.payload.toString()) as unknown)).toContainEqual(fix(200))
  })
})
