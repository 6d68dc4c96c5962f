import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { publishLoad } from '@masar/simulators/load/publish-load'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'

let database: TestDatabase
let broker: TestBroker
let ingest: Ingest
const agencyId = `it${process.pid}`
const clientId = `ingest-it-${process.pid}-${Date.now()}`

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  ingest = await startIngest({ config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId }), logger: pino({ level: 'warn' }), pool: database.pool })
})
afterAll(async () => {
  await ingest?.stop()
  await broker?.close()
  await database?.close()
})

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(sql, params)
  return rows[0]?.n ?? 0
}

async function publishRaw(messages: Array<{ topic: string; payload: string }>): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion, clientId: `${clientId}-pub` })
  for (const { topic, payload } of messages) await client.publishAsync(topic, payload, { qos: 1 })
  await client.endAsync()
}

describe(`ingest through ${process.env.MQTT_URL ? 'Mosquitto' : 'embedded aedes'} into ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it('stores every published ping once, with its fields', async () => {
    const result = await publishLoad({ url: broker.url, protocolVersion: broker.protocolVersion, agencyId, vehicles: 20, pingsPerVehicle: 50, connections: 2 })
    expect(result.publishedPings).toBe(1000)
    await vi.waitFor(async () => expect(await count(`SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1`, [agencyId])).toBe(1000), { timeout: 30_000, interval: 100 })
    const { rows } = await database.pool.query(`SELECT lat, lon, speed_mps, bearing_deg, seq FROM vehicle_positions WHERE vehicle_id = 'load-00003' AND seq = 7`)
    expect(rows).toEqual([{ lat: 31.903, lon: 35.85007, speed_mps: 8.5, bearing_deg: 90, seq: '7' }])
    expect(await count(`SELECT count(*)::int AS n FROM vehicle_latest WHERE agency_id = $1`, [agencyId])).toBe(20)
  })

  it('keeps batch-form pings and stores a redelivered message once', async () => {
    const vehicleId = 'dup-1'
    const ts = Date.now() - 10_000
    const batch = JSON.stringify([{ ts, lat: 31.9, lon: 35.9 }, { ts: ts + 1000, lat: 31.91, lon: 35.9 }])
    await publishRaw([
      { topic: formatPositionTopic(agencyId, vehicleId, 'positions'), payload: batch },
      { topic: formatPositionTopic(agencyId, vehicleId, 'positions'), payload: batch },
      { topic: formatPositionTopic(agencyId, vehicleId), payload: JSON.stringify({ ts, lat: 31.9, lon: 35.9 }) },
    ])
    await vi.waitFor(async () => expect((await ingest.metrics.pingsDuplicate.get()).values[0]?.value).toBe(3), { timeout: 20_000, interval: 100 })
    expect(await count(`SELECT count(*)::int AS n FROM vehicle_positions WHERE vehicle_id = $1`, [vehicleId])).toBe(2)
  })

  it('puts malformed pings in the dead-letter table with their reason and stores the valid ones around them', async () => {
    const vehicleId = 'mixed-1'
    const now = Date.now()
    const topic = formatPositionTopic(agencyId, vehicleId)
    await publishRaw([
      { topic, payload: JSON.stringify({ ts: now - 3000, lat: 31.9, lon: 35.9 }) },
      { topic, payload: '{"ts": oops' },
      { topic, payload: JSON.stringify({ ts: now - 2000, lat: 0, lon: 0 }) },
      { topic, payload: JSON.stringify({ ts: now + 600_000, lat: 31.9, lon: 35.9 }) },
      { topic: `masar/v1/${agencyId}/vehicles/bad*id/position`, payload: JSON.stringify({ ts: now, lat: 31.9, lon: 35.9 }) },
      { topic, payload: JSON.stringify({ ts: now - 1000, lat: 31.9, lon: 35.9 }) },
    ])
    await vi.waitFor(async () => expect(await count(`SELECT count(*)::int AS n FROM vehicle_positions WHERE vehicle_id = $1`, [vehicleId])).toBe(2), { timeout: 20_000, interval: 100 })
    const { rows } = await database.pool.query<{ reason: string; topic: string; payload: Buffer }>(
      `SELECT reason, topic, payload FROM ping_rejects WHERE topic LIKE $1 ORDER BY reason`, [`masar/v1/${agencyId}/%`],
    )
    expect(rows.map((r) => r.reason)).toEqual(['future_timestamp', 'invalid_vehicle_id', 'malformed_json', 'null_island'])
    expect(rows.find((r) => r.reason === 'malformed_json')?.payload.toString()).toBe('{"ts": oops')
    const rejected = await ingest.metrics.pingsRejected.get()
    expect(Object.fromEntries(rejected.values.filter((v) => v.value > 0).map((v) => [v.labels.reason, v.value]))).toEqual({
      future_timestamp: 1, invalid_vehicle_id: 1, malformed_json: 1, null_island: 1,
    })
  })

  it('serves readiness and metrics on its side port', async () => {
    const ready = await fetch(`${ingest.httpUrl}/readyz`)
    expect(ready.status).toBe(200)
    const metrics = await (await fetch(`${ingest.httpUrl}/metrics`)).text()
    expect(metrics).toMatch(/masar_ingest_pings_rejected_total\{reason="null_island"\} 1/)
    expect(metrics).toMatch(/masar_ingest_batch_write_seconds_bucket/)
    // Node's default metrics under their standard names, as Prometheus dashboards and alerts expect them
    expect(metrics).toMatch(/^process_cpu_seconds_total \d/m)
    expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d/m)
    expect(metrics).not.toMatch(/^masar_ingest_(process|nodejs)_/m)
    expect(metrics).toMatch(/^masar_ingest_db_pool_connections [1-9]/m)
    expect(metrics).toMatch(/^masar_ingest_db_pool_idle_connections \d/m)
    expect(metrics).toMatch(/^masar_ingest_db_pool_waiting_queries 0$/m)
  })
})
