import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { TcpProxy } from '@masar/platform/testing/tcp-proxy'
import { publishLoad } from '@masar/simulators/load/publish-load'
import mqtt from 'mqtt'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startIngest, type Ingest } from './start-ingest.js'
import { ingestTestConfig } from './testing/ingest-test-config.js'

/**
 * A graceful stop leaves the shared subscription only once everything received is stored. Stopped while the
 * database is unreachable, ingest keeps its session (with what it could not store, unacknowledged) and says so;
 * the next start under the same client id collects it, and that one, stopping with the database up, ends it.
 * Shared subscriptions need the MQTT_URL broker (Mosquitto); the embedded one has none.
 */
const agencyId = `leave${process.pid}`
let database: TestDatabase
let broker: TestBroker
let proxy: TcpProxy
let pool: pg.Pool
const started: Ingest[] = []

beforeAll(async () => {
  if (!process.env.MQTT_URL) return
  database = await createTestDatabase()
  broker = await createTestBroker()
  const target = new URL(database.url)
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  const viaProxy = new URL(database.url)
  viaProxy.port = String(proxy.port)
  pool = new pg.Pool({ connectionString: viaProxy.toString(), max: 1, connectionTimeoutMillis: 1000 })
  pool.on('error', () => {})
})
afterAll(async () => {
  for (const ingest of started) await ingest.stop()
  await pool?.end()
  await proxy?.cut()
  await broker?.close()
  await database?.close()
})

const clientId = `ingest-leave-${process.pid}-${Date.now()}`

async function start(logLines: Array<Record<string, unknown>>): Promise<Ingest> {
  const config = ingestTestConfig({
    databaseUrl: database.url, embeddedDatabase: database.embedded, broker, clientId,
    // A buffer of 10: the outage fills it and ingest stops reading from the broker, as it does under a long outage.
    env: { MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), SHUTDOWN_GRACE_MS: '1000', DB_RETRY_MAX_MS: '200', INGEST_MAX_BUFFERED_MESSAGES: '10' },
  })
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) })
  const ingest = await startIngest({ config, logger, pool, http: false })
  started.push(ingest)
  return ingest
}

// Progress from ingest's own counter; the database is read only with ingest stopped (the embedded one is a single
// session shared by its socket's clients).
const storedBy = async (ingest: Ingest): Promise<number> => (await ingest.metrics.pingsStored.get()).values[0]?.value ?? 0
const storedRows = async (): Promise<number> =>
  (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [agencyId])).rows[0]!.n

async function sessionPresent(id: string): Promise<boolean> {
  const client = mqtt.connect(broker.url, { protocolVersion: 5, clientId: id, clean: false, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 })
  const present = await new Promise<boolean>((resolve, reject) => {
    client.once('connect', (connack) => resolve(connack.sessionPresent))
    client.once('error', reject)
  })
  await client.endAsync()
  return present
}

describe.skipIf(!process.env.MQTT_URL)('ingest stopping gracefully in a shared subscription', () => {
  it('keeps its session when the database keeps it from storing everything; the same client id collects it, then leaves', async () => {
    const load = (phase: string, pingsPerVehicle: number) => publishLoad({ url: broker.url, protocolVersion: 5, agencyId, vehicles: 10, pingsPerVehicle, vehicleIdOf: (i) => `${phase}-${i}` })
    const firstLog: Array<Record<string, unknown>> = []
    const first = await start(firstLog)
    await load('before', 10)
    await vi.waitFor(async () => expect(await storedBy(first)).toBe(100), { timeout: 30_000, interval: 100 })

    await proxy.cut()
    await load('during', 5)
    await vi.waitFor(() => expect(first.notReadyReasons()).toContainEqual(expect.stringContaining('buffer is full')), { timeout: 30_000, interval: 50 })
    const stopStarted = performance.now()
    await first.stop()
    const stopSeconds = (performance.now() - stopStarted) / 1000
    // Not reading, it cannot see the broker's UNSUBACK: it gives up at SHUTDOWN_GRACE_MS rather than waiting forever.
    expect(stopSeconds).toBeLessThan(30)
    expect(firstLog.find((entry) => entry.msg === 'mqtt subscription left: everything received is stored, ending the session')).toBeUndefined()
    expect(firstLog.find((entry) => String(entry.msg).startsWith('stopped without leaving the shared subscription'))).toMatchObject({ level: 50, clientId, gaveUp: true })

    await proxy.restore()
    const secondLog: Array<Record<string, unknown>> = []
    const second = await start(secondLog)
    await vi.waitFor(async () => expect(await storedBy(second)).toBe(50), { timeout: 30_000, interval: 100 })
    expect(secondLog.find((entry) => entry.msg === 'mqtt connected')).toMatchObject({ sessionPresent: true })
    await second.stop()
    expect(secondLog.map((entry) => entry.msg)).toContain('mqtt subscription left: everything received is stored, ending the session')
    expect(await sessionPresent(clientId)).toBe(false)
    expect(await storedRows()).toBe(150)
  })
})
