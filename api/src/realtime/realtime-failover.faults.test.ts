import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { loadSchedule } from '@masar/gtfs/schedule/load-schedule'
import { loadConfig as loadIngestConfig } from '@masar/ingest/config'
import { startIngest, type Ingest } from '@masar/ingest/start-ingest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { ServiceProcess } from '@masar/platform/testing/service-process'
import { createTestBroker, type TestBroker } from '@masar/platform/testing/test-broker'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { latestPastStart } from '@masar/simulators/fleet/parse-sim-args'
import { runFleet } from '@masar/simulators/fleet/run-fleet'
import { createVehicleClients } from '@masar/simulators/mqtt/vehicle-clients'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import net, { type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadApiConfig } from '../config.js'
import { startApi, type Api } from '../start-api.js'
import { clearRetained, testEngineKey } from '../testing/start-test-realtime.js'

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const VEHICLES = 206
const RUN_S = 80
const KILL_AFTER_S = 30

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * The realtime engine's failover, as production runs it: two engine processes on one database (the leader holds an
 * advisory lock, the other stands by), the 206-bus simulation publishing in real time, an api reader following them.
 * The leader is killed with SIGKILL mid-run. Needs a real PostgreSQL (the embedded database serves one connection,
 * so it cannot hold a lock on a connection of its own).
 */
const realServer = Boolean(process.env.DATABASE_URL)
if (!realServer) console.warn('realtime failover: skipped — leader election needs a real PostgreSQL (set DATABASE_URL)')

describe.skipIf(!realServer)('the realtime engine: leader killed under the 206-bus simulation', () => {
  const agencyId = `fo${process.pid}`
  const engineKey = testEngineKey('fo')
  const logger = pino({ level: 'warn' })
  let database: TestDatabase
  let broker: TestBroker
  let ingest: Ingest
  let api: Api
  const engines: ServiceProcess[] = []
  const realStartMs = Date.now()
  let clockOffsetMs = 0
  const lastFix = new Map<string, number>()

  const engineProcess = async (name: string) => {
    const port = await freePort()
    const engine = new ServiceProcess(name, {
      main: MAIN, readyUrl: `http://127.0.0.1:${port}/readyz`,
      env: {
        DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId),
        REALTIME_ENGINE_KEY: engineKey, REALTIME_LEADER_RETRY_MS: '1000', REALTIME_HTTP_PORT: String(port), REALTIME_CLOCK_OFFSET_MS: String(clockOffsetMs),
        REALTIME_SESSION_EXPIRY_S: '300', LOG_LEVEL: 'warn',
      },
    })
    engines.push(engine)
    await engine.start()
    return { engine, metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), leads: async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { leader: boolean }).leader }
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    broker = await createTestBroker()
    const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: 'copy' })
    if (!imported.ok) throw new Error('demo feed import failed')
    ingest = await startIngest({
      config: loadIngestConfig({
        DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), MQTT_CLIENT_ID: `fo-ingest-${process.pid}`,
        MQTT_SHARE_GROUP: broker.supportsSharedSubscriptions ? `fo-${process.pid}` : '', MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), HTTP_PORT: '0', LOG_LEVEL: 'warn',
      }),
      logger, pool: database.pool, http: false,
    })
  }, 180_000)
  afterAll(async () => {
    for (const engine of engines) await engine.kill()
    await api?.stop()
    await ingest?.stop()
    await clearRetained(broker, engineKey, [...lastFix.keys()]).catch(() => {})
    await broker?.close()
    await database?.close()
  })

  it('the standby leads within 10 s; every bus stays in VehiclePositions, no stop event is stored twice, predictions resume', async () => {
    const schedule = await loadSchedule(database.pool)
    // A weekday morning's service, whatever the hour the test runs: the engines and the reader run on its clock.
    const startMs = latestPastStart('08:00', schedule.timeZone, Date.now(), 3600_000)
    clockOffsetMs = startMs - realStartMs
    const now = () => Date.now() + clockOffsetMs

    const first = await engineProcess('engine-a')
    await vi.waitFor(async () => expect(await first.leads()).toBe(true), { timeout: 60_000, interval: 200 })
    const second = await engineProcess('engine-b')
    expect(await second.leads()).toBe(false) // on standby, and ready to take over
    api = await startApi({
      config: loadApiConfig({
        DATABASE_URL: database.url, MQTT_URL: broker.url, MQTT_PROTOCOL_VERSION: String(broker.protocolVersion), API_PORT: '0', METRICS_PORT: '0', REALTIME_ENGINE_KEY: engineKey,
        MQTT_CLIENT_ID: `fo-api-${process.pid}`, RATE_LIMIT_PER_MINUTE: '100000',
      }),
      logger, pool: database.pool, now,
    })
    await api.realtime.firstState
    const firstEngineId = api.realtime.engine!.engineId

    const clients = createVehicleClients({ url: broker.url, protocolVersion: broker.protocolVersion })
    const run = runFleet({
      schedule, clients: { ...clients, publish: (vehicleId, topic, payload) => (lastFix.set(vehicleId, now()), clients.publish(vehicleId, topic, payload)) },
      agencyId, seed: 16, startMs: now(), durationS: RUN_S, speed: 1, vehicles: VEHICLES, tracker: { badPingRate: 0 },
    }).finally(() => clients.close())

    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_S * 1000))
    const busesBefore = FeedMessage.decode(api.realtime.feed('vehicle-positions')!.bytes).entity.length
    const killedAt = Date.now()
    await first.engine.kill()
    await vi.waitFor(async () => expect(await second.leads()).toBe(true), { timeout: 30_000, interval: 100 })
    const leadGapS = (Date.now() - killedAt) / 1000
    await vi.waitFor(() => expect(api.realtime.engine!.engineId).not.toBe(firstEngineId), { timeout: 30_000, interval: 100 })
    const readerGapS = (Date.now() - killedAt) / 1000
    console.log(`realtime failover: the standby leads ${leadGapS.toFixed(1)} s after the leader was killed; the reader follows it ${readerGapS.toFixed(1)} s after (${busesBefore} buses in VehiclePositions before)`)
    expect(leadGapS).toBeLessThan(10)
    expect(readerGapS).toBeLessThan(10)

    const result = await run
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions WHERE agency_id = $1', [agencyId])
      expect(rows[0]!.n).toBe(result.pings)
    }, { timeout: 60_000, interval: 250 })
    // Every bus heard in the last minute is in VehiclePositions, from the new leader
    const heard = [...lastFix].filter(([, atMs]) => now() - atMs < 60_000).map(([id]) => id).sort()
    await vi.waitFor(() => {
      const served = FeedMessage.decode(api.realtime.feed('vehicle-positions')!.bytes).entity.map((e) => e.vehicle?.vehicle?.id ?? '').sort()
      expect(served).toEqual(expect.arrayContaining(heard))
    }, { timeout: 15_000, interval: 250 })
    expect(heard.length).toBeGreaterThan(100)
    // Predictions resume: the new leader's TripUpdates predict trips
    await vi.waitFor(() => expect(FeedMessage.decode(api.realtime.feed('trip-updates')!.bytes).entity.length).toBeGreaterThan(20), { timeout: 30_000, interval: 250 })
    expect(api.realtime.predictions().length).toBeGreaterThan(20)
    // No stop visit stored twice, though the new leader matched the last minutes again
    const { rows: [events] } = await database.pool.query<{ n: number; twice: number }>(
      'SELECT count(*)::int AS n, (SELECT count(*)::int FROM (SELECT 1 FROM stop_events GROUP BY trip_id, service_date, stop_index HAVING count(*) > 1) d) AS twice FROM stop_events')
    console.log(`realtime failover: ${events!.n} stop events, ${events!.twice} stored twice; ${heard.length} buses heard in the last minute all in VehiclePositions`)
    expect(events!.n).toBeGreaterThan(0)
    expect(events!.twice).toBe(0)
    // The new leader's metrics: Node's defaults under their standard names, leadership, feed age, prediction rounds
    const metrics = await second.metrics()
    expect(metrics).toMatch(/^process_cpu_seconds_total /m)
    expect(metrics).toMatch(/^masar_realtime_leader 1$/m)
    expect(metrics).toMatch(/^masar_realtime_feed_age_seconds\{feed="vehicle-positions"\} \d/m)
    expect(metrics).toMatch(/^masar_realtime_prediction_round_seconds_count [1-9]/m)
    expect(metrics).toMatch(/^masar_realtime_applied_total [1-9]/m)
    expect(metrics).toMatch(/^masar_realtime_db_pool_connections\{state="total"\} [1-9]/m)
  }, 10 * 60_000)
})
