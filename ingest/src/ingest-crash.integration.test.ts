import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { publishLoad } from '@masar/simulators/load/publish-load'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { freePort, IngestProcess } from './testing/ingest-process.js'

let database: TestDatabase
let broker: TestBroker
let ingest: IngestProcess
const agencyId = `crash${process.pid}`

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const clientId = `ingest-crash-${process.pid}-${Date.now()}`
  ingest = new IngestProcess({
    DATABASE_URL: database.url,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: clientId,
    MQTT_PROTOCOL_VERSION: String(broker.protocolVersion),
    MQTT_SHARE_GROUP: broker.supportsSharedSubscriptions ? `crash-${clientId}` : '',
    HTTP_PORT: String(await freePort()),
    // Small batches, so the 10,000 pings are still being written when the process is killed.
    INGEST_BATCH_MAX_ROWS: '50',
    DB_POOL_MAX: '1',
    INGEST_WRITE_METHOD: database.embedded ? 'insert' : 'copy',
    LOG_LEVEL: 'warn',
  })
  await ingest.start()
})
afterAll(async () => {
  await ingest?.terminate()
  await broker?.close()
  await database?.close()
})

async function stored(): Promise<{ rows: number; distinct: number }> {
  const { rows } = await database.pool.query<{ rows: number; distinct: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT (vehicle_id, seq))::int AS distinct FROM vehicle_positions WHERE agency_id = $1`, [agencyId],
  )
  return rows[0] ?? { rows: 0, distinct: 0 }
}

async function ingestCounter(name: string): Promise<number> {
  const metrics = await (await fetch(`${ingest.healthUrl}/metrics`)).text()
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN)
}

// The test reads the database only while no ingest process is running: the embedded database is one PostgreSQL
// session shared by its socket's clients, so two processes querying at once would interleave their messages.
describe('ingest killed with -9 while 10,000 pings are in flight', () => {
  it('stores every published ping exactly once after a restart, and exits 0 on SIGTERM', async () => {
    const published = await publishLoad({ url: broker.url, protocolVersion: broker.protocolVersion, agencyId, vehicles: 100, pingsPerVehicle: 100, connections: 4 })
    expect(published.publishedPings).toBe(10_000)
    await ingest.kill()
    const atKill = await stored()
    // The crash must have hit mid-stream, or this test proves nothing.
    expect(atKill.rows).toBeLessThan(10_000)

    await ingest.start()
    await vi.waitFor(async () => expect(await ingestCounter('masar_ingest_pings_stored_total')).toBe(10_000 - atKill.rows), { timeout: 90_000, interval: 250 })
    expect(await ingestCounter('masar_ingest_pings_received_total')).toBeGreaterThanOrEqual(10_000 - atKill.rows)
    expect(await ingest.terminate()).toBe(0)
    expect(ingest.output).not.toMatch(/"level":50/)
    expect(await stored()).toEqual({ rows: 10_000, distinct: 10_000 })
  })
})
