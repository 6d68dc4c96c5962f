import { loadConfig as loadIngestConfig } from '@masar/ingest/config'
import { startIngest, type Ingest } from '@masar/ingest/start-ingest'
import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestRealtime, type TestRealtime } from '../testing/start-test-realtime.js'

const agencyId = `limits${process.pid}`
let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
let realtime: TestRealtime

/** The ping limits of one environment, tighter than the defaults (50 m/s, 120 s ahead, 30 days old, 10 fixes a second and 4,000 at once a vehicle). */
const LIMITS = { INGEST_MAX_SPEED_MPS: '20', INGEST_MAX_FUTURE_S: '10', POSITIONS_RETENTION_DAYS: '7', INGEST_VEHICLE_FIXES_PER_S: '0.01', INGEST_VEHICLE_FIXES_BURST: '3' }

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  ingest = await startIngest({
    config: loadIngestConfig({
      DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), ...LIMITS,
      MQTT_CLIENT_ID: `limits-ingest-${process.pid}-${Date.now()}`, MQTT_SHARE_GROUP: broker.supportsSharedSubscriptions ? `limits-${process.pid}` : '',
      INGEST_WRITE_METHOD: database.embedded ? 'insert' : 'copy', LOG_LEVEL: 'warn',
    }),
    logger: pino({ level: 'warn' }), pool: database.pool, http: false,
  })
  realtime = await startTestRealtime({ databaseUrl: database.url, pool: database.pool, broker, topicFilter: formatPositionTopicFilter(agencyId), logger: pino({ level: 'warn' }), env: LIMITS })
}, 120_000)
afterAll(async () => {
  await realtime?.stopAndClear()
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

describe('ping limits set in the environment', () => {
  it('make the realtime engine refuse exactly what ingest refuses', async () => {
    const nowMs = Date.now()
    // each within the default limits, each outside the configured ones but the first
    const pings = {
      fine: { ts: nowMs - 1000, lat: 31.95, lon: 35.91, speed: 10 },
      fast: { ts: nowMs - 900, lat: 31.95, lon: 35.91, speed: 30 },
      ahead: { ts: nowMs + 60_000, lat: 31.95, lon: 35.91 },
      old: { ts: nowMs - 10 * 86_400_000, lat: 31.95, lon: 35.91 },
    }
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `limits-pub-${process.pid}-${Date.now()}` })
    for (const [vehicleId, ping] of Object.entries(pings)) await client.publishAsync(formatPositionTopic(agencyId, vehicleId), JSON.stringify(ping), { qos: 1 })
    await client.endAsync()

    await vi.waitFor(async () => {
      const { rows } = await database.pool.query<{ reason: string }>('SELECT reason FROM ping_rejects ORDER BY reason') // a fresh database
      expect(rows.map((r) => r.reason)).toEqual(['future_timestamp', 'impossible_speed', 'stale_timestamp'])
    }, { timeout: 30_000, interval: 100 })
    const { rows: stored } = await database.pool.query<{ vehicle_id: string }>(`SELECT vehicle_id FROM vehicle_positions WHERE agency_id = $1`, [agencyId])
    expect(stored.map((r) => r.vehicle_id)).toEqual(['fine'])

    const { counts } = realtime
    await vi.waitFor(() => expect(counts.applied + counts.ignored + counts.refused).toBe(4), { timeout: 10_000, interval: 50 })
    expect(counts.refused).toBe(3)
    expect([...realtime.engine!.fleet.all()].map((v) => v.vehicleId)).toEqual(['fine'])
  })

  it('make the realtime engine take no more of one vehicle\'s fixes than ingest stores (its rate: here 3 at once)', async () => {
    const before = { ...realtime.counts }
    const nowMs = Date.now()
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `limits-flood-${process.pid}-${Date.now()}` })
    for (let i = 0; i < 8; i++) {
      await client.publishAsync(formatPositionTopic(agencyId, 'flood'), JSON.stringify({ ts: nowMs - 8000 + i * 1000, lat: 31.95 + i * 0.0001, lon: 35.91, speed: 5 }), { qos: 1 })
    }
    await client.endAsync()

    await vi.waitFor(async () => {
      const { rows } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ping_rejects WHERE reason = 'rate_limited'`)
      expect(rows[0]!.n).toBe(5)
    }, { timeout: 30_000, interval: 100 })
    const { rows: stored } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM vehicle_positions WHERE vehicle_id = 'flood'`)
    expect(stored[0]!.n).toBe(3)
    const { counts } = realtime
    await vi.waitFor(() => expect(counts.applied + counts.ignored + counts.refused - before.applied - before.ignored - before.refused).toBe(8), { timeout: 10_000, interval: 50 })
    expect(counts.refused - before.refused).toBe(5)
    expect(realtime.engine!.fleet.get('flood')?.lat).toBeCloseTo(31.95 + 2 * 0.0001, 6) // the third fix: the last one taken
  })
})
