import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { publishLoad } from '@masar/simulators/load/publish-load'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'
import { TcpProxy } from '@masar/platform/testing/tcp-proxy'

let database: TestDatabase
let broker: TestBroker
let proxy: TcpProxy
let ingestPool: pg.Pool
let ingest: Ingest
const agencyId = `outage${process.pid}`
const MAX_BUFFERED = 500

beforeAll(async () => {
  database = await createTestDatabase()
  broker = await createTestBroker()
  const target = new URL(database.url)
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  const viaProxy = new URL(database.url)
  viaProxy.port = String(proxy.port)
  ingestPool = new pg.Pool({ connectionString: viaProxy.toString(), max: 1, connectionTimeoutMillis: 1000 })
  ingestPool.on('error', () => {})
  // A small buffer, so the outage fills it: ingest must stop reading rather than hold everything the broker has.
  const config = ingestTestConfig({
    databaseUrl: viaProxy.toString(), embeddedDatabase: database.embedded, broker, clientId: `ingest-outage-${process.pid}-${Date.now()}`,
    env: { INGEST_MAX_BUFFERED_MESSAGES: String(MAX_BUFFERED) },
  })
  ingest = await startIngest({ config, logger: pino({ level: 'silent' }), pool: ingestPool })
})
afterAll(async () => {
  await ingest?.stop()
  await ingestPool?.end()
  await proxy?.cut()
  await broker?.close()
  await database?.close()
})

// Progress is read from ingest's own counter, and the database only once ingest has stopped: the embedded database
// is one PostgreSQL session shared by its socket's clients, and two clients querying at once would interleave.
async function storedCount(): Promise<number> {
  return (await ingest.metrics.pingsStored.get()).values[0]?.value ?? 0
}

describe('ingest while the database is unreachable', () => {
  it('stays up, reports not ready, holds a bounded buffer unacknowledged, then catches up with nothing lost', async () => {
    const vehicleIdOf = (phase: string) => (i: number) => `${phase}-${i}`
    await publishLoad({ url: broker.url, protocolVersion: broker.protocolVersion, agencyId, vehicles: 20, pingsPerVehicle: 50, vehicleIdOf: vehicleIdOf('before') })
    await vi.waitFor(async () => expect(await storedCount()).toBe(1000), { timeout: 30_000, interval: 100 })
    expect((await fetch(`${ingest.httpUrl}/readyz`)).status).toBe(200)

    await proxy.cut()
    // 1,400 pings: far more than the buffer, and fewer than the 1,000 more the machine's Mosquitto queues by default.
    const during = await publishLoad({ url: broker.url, protocolVersion: broker.protocolVersion, agencyId, vehicles: 28, pingsPerVehicle: 50, ratePerSecond: 3000, vehicleIdOf: vehicleIdOf('during') })
    expect(during.publishedPings).toBe(1400)
    await vi.waitFor(async () => {
      const readiness = await fetch(`${ingest.httpUrl}/readyz`)
      expect(readiness.status).toBe(503)
      expect(((await readiness.json()) as { reasons: string[] }).reasons).toEqual(
        expect.arrayContaining([expect.stringContaining('database is unavailable'), expect.stringContaining('buffer is full')]),
      )
    }, { timeout: 20_000, interval: 100 })
    expect(await storedCount()).toBe(1000)
    expect((await ingest.metrics.dbWriteFailures.get()).values[0]?.value).toBeGreaterThan(0)
    // Bounded: the buffer limit plus at most what one socket read had already brought in.
    expect(ingest.bufferedMessages().peak).toBeGreaterThanOrEqual(MAX_BUFFERED)
    expect(ingest.bufferedMessages().peak).toBeLessThan(1000)

    await proxy.restore()
    await vi.waitFor(async () => expect(await storedCount()).toBe(2400), { timeout: 60_000, interval: 200 })
    await vi.waitFor(async () => expect((await fetch(`${ingest.httpUrl}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 100 })
    await ingest.stop()
    const { rows } = await database.pool.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT (vehicle_id, seq))::int AS distinct FROM vehicle_positions WHERE agency_id = $1', [agencyId],
    )
    expect(rows[0]).toEqual({ n: 2400, distinct: 2400 })
  })
})
