/**
 * npm run bench:api — the api against the real Mosquitto and PostgreSQL on this machine, figures measured side by
 * side in one run (not a timed test):
 *   (1) GTFS-Realtime /gtfs-rt/vehicle-positions.pb req/s with 206 vehicles, against the same bytes (body and headers) served by a
 *       bare node:http server; alternating rounds (ABBA), the median of the rounds' ratios (target ≥ 0.8×)
 *   (2) /api/v1/vehicles latency at 100 connections with 206 vehicles (target p99 < 10 ms): at a steady rate (each
 *       connection once a second, staggered; the target is checked here), and flat out (autocannon), where latency
 *       is mostly queueing: 100 connections ÷ the req/s the api manages
 *   (3) ping → WebSocket /api/v1/live delivery latency with 206 buses (p99 < 250 ms) and 10,000 vehicles (p99 < 1 s),
 *       pings published by the simulators' publishLoad (its own process) with each ping's fix time its publish time
 *   (4) heap and RSS of the process holding the api, with 206 and with 10,000 vehicles in the fleet
 * Settings: BENCH_DURATION_S (10, per HTTP run), BENCH_ROUNDS (4), BENCH_CONNECTIONS (100), BENCH_VEHICLES_RATE
 * (= connections, req/s), BENCH_LIVE_S (20), BENCH_LARGE_FLEET (10000), BENCH_LARGE_RATE (2000 pings/s: each of
 * 10,000 vehicles every 5 s, the simulators' shortest report interval), BENCH_PARTS (1234: run a subset, e.g. to
 * profile one), BENCH_TIMELINE (set: print the worst live latency of each second), DATABASE_URL, BENCH_MQTT_URL (default:
 * a Mosquitto of its own, started from the machine's binary with the production queue settings).
 */
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { importFeed } from '@masar/gtfs/import/import-feed'
import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { startMosquitto } from '@masar/platform/testing/mosquitto-process'
import { createTestDatabase } from '@masar/platform/testing/test-database'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import mqtt from 'mqtt'
import { gunzipSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import pino from 'pino'
import { loadApiConfig } from '../src/config.js'
import { startApi, type Api } from '../src/start-api.js'
import { fmt, measureMemory, waitFor } from './bench-figures.js'
import { getRaw, runHttpLoad, runSteadyLoad, startBareStaticServer, type HttpLoadFigures } from './http-load.js'
import { measureLiveLatency } from './live-latency.js'
import { printReport, type ApiBenchResults } from './print-report.js'
import { publishLoadElsewhere, startLoadPublisher } from './publish-load-elsewhere.js'
import { startEngineElsewhere } from './start-engine-elsewhere.js'

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
// A Mosquitto of the bench's own with the production queue settings (infra/compose/mosquitto/mosquitto.conf: no cap
// on a client's queue), unless BENCH_MQTT_URL names one: the machine's, on its default cap of 1,000 queued messages a
// client, drops what the engine has not taken yet when 10,000 vehicles report (the engine then held 2,381 of them).
const ownBroker = process.env.BENCH_MQTT_URL ? null : await startMosquitto()
const MQTT_URL = process.env.BENCH_MQTT_URL ?? ownBroker!.url
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100)
const LIVE_S = Number(process.env.BENCH_LIVE_S ?? 20)
const FLEET = 206
const LARGE_FLEET = Number(process.env.BENCH_LARGE_FLEET ?? 10_000)
const LARGE_RATE = Number(process.env.BENCH_LARGE_RATE ?? 2000)
const AGENCY = `bench${process.pid}`
const FEED_PATH = '/gtfs-rt/vehicle-positions.pb'
const GZIP = { 'accept-encoding': 'gzip' }
const load = { url: MQTT_URL, protocolVersion: 5 as const, agencyId: AGENCY, fixTime: 'publish-time' as const, idPrefix: 'bus-', idDigits: 4 }

/** One fresh ping from each of bus-0001 … bus-0206, with a declared trip and route as real trackers send. */
async function populateFleet(api: Api): Promise<void> {
  const client = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5, clientId: `${AGENCY}-populate` })
  const nowMs = Date.now()
  for (let i = 1; i <= FLEET; i++) {
    const ping = { ts: nowMs - 1000, lat: 31.9 + (i % 50) * 0.002, lon: 35.85 + (i % 40) * 0.002, speed: 8.5, bearing: (i * 17) % 360, tripId: `T${1000 + i}`, routeId: `R${(i % 40) + 1}`, seq: 1 }
    await client.publishAsync(formatPositionTopic(AGENCY, `bus-${String(i).padStart(4, '0')}`), JSON.stringify(ping), { qos: 1 })
  }
  await client.endAsync()
  await waitFor(() => api.fleet.size === FLEET, 30_000, `${FLEET} vehicles in the fleet`)
}

/** (1) ours and the bare server take turns, same bytes (gzip) and headers; medians of the rounds. */
async function benchFeed(api: Api): Promise<{ ours: HttpLoadFigures[]; bare: HttpLoadFigures[]; bytes: number }> {
  // the engine rebuilds the feed at most every FEED_MIN_INTERVAL_MS: sample it once it carries the whole fleet
  let sample = await getRaw(`${api.url}${FEED_PATH}`, GZIP)
  const entities = () => GtfsRealtimeBindings.transit_realtime.FeedMessage.decode(gunzipSync(sample.body)).entity.length
  const deadline = Date.now() + 30_000
  while (sample.status === 200 && sample.headers['content-encoding'] === 'gzip' && entities() < FLEET && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    sample = await getRaw(`${api.url}${FEED_PATH}`, GZIP)
  }
  if (sample.status !== 200 || sample.headers['content-encoding'] !== 'gzip') throw new Error(`bench: the feed answered ${sample.status} ${sample.headers['content-encoding'] ?? 'identity'}`)
  if (entities() < FLEET) throw new Error(`bench: the feed carries ${entities()} vehicles, not ${FLEET}`)
  // the same bytes on the wire: the body and every header the api sent (security headers, CORS, rate limit, cache
  // validators), but the ones node:http writes itself
  const own = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
  const copied = Object.entries(sample.headers).filter(([name]) => !own.has(name)).map(([name, value]) => [name, String(value)])
  console.log(`  both send ${copied.length} headers: ${copied.map(([name]) => name).join(', ')}`)
  const bare = await startBareStaticServer(sample.body, Object.fromEntries(copied))
  const figures = { ours: [] as HttpLoadFigures[], bare: [] as HttpLoadFigures[], bytes: sample.body.byteLength }
  try {
    const run = (url: string) => runHttpLoad({ url: `${url}${FEED_PATH}`, connections: CONNECTIONS, durationS: DURATION_S, headers: GZIP })
    for (const url of [api.url, bare.url]) await runHttpLoad({ url: `${url}${FEED_PATH}`, connections: CONNECTIONS, durationS: 2, headers: GZIP }) // warm-up (JIT), not counted
    for (let round = 1; round <= ROUNDS; round++) {
      // api first in odd rounds, the bare server first in even ones: a machine getting busier or quieter over a
      // round does not favour one side
      if (round % 2) {
        figures.ours.push(await run(api.url))
        figures.bare.push(await run(bare.url))
      } else {
        figures.bare.push(await run(bare.url))
        figures.ours.push(await run(api.url))
      }
      console.log(`  round ${round}: api ${fmt(figures.ours.at(-1)!.requestsPerS)} req/s, bare node:http ${fmt(figures.bare.at(-1)!.requestsPerS)} req/s`)
    }
  } finally {
    await bare.close()
  }
  return figures
}

/**
 * /api/v1/vehicles is for dispatchers: the bench logs in as the first admin it configured (POST /api/v1/auth/token)
 * and checks the list is the whole fleet before loading it.
 */
async function vehiclesRequestHeaders(api: Api, password: string): Promise<{ headers: Record<string, string>; bytes: number }> {
  const login = await fetch(`${api.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
  const headers: Record<string, string> = login.ok ? { authorization: `Bearer ${((await login.json()) as { token: string }).token}` } : {}
  const sample = await fetch(`${api.url}/api/v1/vehicles`, { headers })
  const body = await sample.text()
  const count = sample.ok ? (JSON.parse(body) as { count: number }).count : -1
  if (count !== FLEET) throw new Error(`bench: /api/v1/vehicles answered ${sample.status} with ${count} vehicles (login: ${login.status})`)
  return { headers, bytes: Buffer.byteLength(body) }
}

/** (3, 4) 10,000 vehicles join the fleet (ids bus-0001 … bus-10000, the first 206 already there): memory, then live latency. */
async function benchLargeFleet(api: Api, results: ApiBenchResults): Promise<void> {
  console.log(`(4) ${fmt(LARGE_FLEET)} vehicles joining the fleet…`)
  // at the load's own rate (each vehicle every 5 s): a burst of 10,000 at once overflows what a broker queues for one
  // client (Mosquitto's default max_queued_messages is 1,000), and the engine would never hear them all
  await publishLoadElsewhere({ ...load, vehicles: LARGE_FLEET, pingsPerVehicle: 1, ratePerSecond: LARGE_RATE })
  await waitFor(() => api.fleet.size === LARGE_FLEET, 60_000, () => `${LARGE_FLEET} vehicles in the reader's fleet (it holds ${api.fleet.size}; the engine's last state: ${api.realtime.engine?.vehicleCount ?? 'none'})`)
  results.memory.largeFleet = measureMemory()
  const pingsPerVehicle = Math.max(1, Math.round((LARGE_RATE * LIVE_S) / LARGE_FLEET))
  console.log(`(3) ping → WebSocket, ${fmt(LARGE_FLEET)} vehicles, ${fmt(LARGE_RATE)} pings/s (each vehicle every ${(LARGE_FLEET / LARGE_RATE).toFixed(1)} s), ${pingsPerVehicle} pings each…`)
  const publisher = await startLoadPublisher({ ...load, vehicles: LARGE_FLEET, pingsPerVehicle, ratePerSecond: LARGE_RATE })
  const figures = await measureLiveLatency(api.url, () => publisher.run())
  results.liveLarge = { ...figures, ratePerSecond: LARGE_RATE }
}

const startLoad = loadavg()[0]!
const database = await createTestDatabase({ serverUrl: DATABASE_URL })
// The Amman demo feed active, as in production: every ping is matched to a trip, and the feeds carry the schedule.
const imported = await importFeed({ pool: database.pool, path: AMMAN_DEMO_FEED_PATH, writeMethod: 'copy' })
if (!imported.ok) throw new Error('bench: the Amman demo feed did not import')
const adminPassword = randomBytes(16).toString('base64url')
const memoryBefore = measureMemory()
// The realtime engine (the one writer) in its own process; the api is a reader following what it publishes.
const realtime = startEngineElsewhere({ databaseUrl: database.url, mqttUrl: MQTT_URL, topicFilter: formatPositionTopicFilter(AGENCY) })
const config = loadApiConfig({
  DATABASE_URL: database.url, MQTT_URL, API_PORT: '0', METRICS_PORT: '0', RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn',
  MQTT_TOPIC_FILTER: formatPositionTopicFilter(AGENCY), MQTT_CLIENT_ID: `${AGENCY}-api`, REALTIME_ENGINE_KEY: realtime.engineKey,
  API_TOKEN_SECRET: randomBytes(32).toString('base64url'), API_ADMIN_PASSWORD: adminPassword,
})
const VEHICLES_RATE = Number(process.env.BENCH_VEHICLES_RATE ?? CONNECTIONS)
const api = await startApi({ config, logger: pino({ level: 'warn' }), pool: database.pool })
await api.realtime.firstState
console.log(`bench:api — a Masar api reader (startApi, Fastify) following the realtime engine (its own process), with the Amman demo feed active, on PostgreSQL ${new URL(DATABASE_URL).host} and Mosquitto ${new URL(MQTT_URL).host}, agency ${AGENCY}`)
console.log(`  the api and autocannon share this process (autocannon on a worker thread) and this ${cpus().length}-core machine with Mosquitto and PostgreSQL;`)
console.log(`  the realtime engine and the load publisher run in their own processes. HTTP: ${CONNECTIONS} connections, ${DURATION_S} s a run, accept-encoding: gzip on both sides.`)

const parts = process.env.BENCH_PARTS ?? '12345'
// the standby: the same engine key, waiting for the leader's lock
const standby = startEngineElsewhere({ databaseUrl: database.url, mqttUrl: MQTT_URL, topicFilter: formatPositionTopicFilter(AGENCY), engineKey: realtime.engineKey })
const results: ApiBenchResults = { fleet: FLEET, largeFleet: LARGE_FLEET, connections: CONNECTIONS, memory: { before: memoryBefore, fleet: memoryBefore }, startLoadAverage: startLoad }
try {
  await populateFleet(api)
  results.memory.fleet = measureMemory()
  if (parts.includes('1')) {
    console.log(`(1) GTFS-RT ${FEED_PATH}, ${FLEET} vehicles, ${ROUNDS} rounds, the api and the bare server taking turns:`)
    results.feed = await benchFeed(api)
  }
  if (parts.includes('2')) {
    console.log(`(2) /api/v1/vehicles, ${FLEET} vehicles, ${CONNECTIONS} connections: ${fmt(VEHICLES_RATE)} req/s evenly spread, then flat out…`)
    const { headers, bytes } = await vehiclesRequestHeaders(api, adminPassword)
    const url = `${api.url}/api/v1/vehicles`
    const paced = await runSteadyLoad({ url, connections: CONNECTIONS, durationS: DURATION_S, headers, ratePerS: VEHICLES_RATE })
    results.vehicles = { paced, pacedRate: VEHICLES_RATE, flatOut: await runHttpLoad({ url, connections: CONNECTIONS, durationS: DURATION_S, headers }), bytes }
  }
  if (parts.includes('3')) {
    console.log(`(3) ping → WebSocket, ${FLEET} buses each pinging once a second for ${LIVE_S} s…`)
    const publisher = await startLoadPublisher({ ...load, vehicles: FLEET, pingsPerVehicle: LIVE_S, ratePerSecond: FLEET })
    results.live = await measureLiveLatency(api.url, () => publisher.run())
  }
  if (parts.includes('4')) await benchLargeFleet(api, results)
  // (5) the engines' memory beside the reader's, then the leader killed: how long until its standby leads and this
  // reader follows it
  results.engineRssBytes = await realtime.rssBytes()
  results.readerRss = measureMemory()
  if (parts.includes('5')) {
    console.log('(5) failover: the realtime leader killed with -9, its standby running…')
    const leader = api.realtime.engine!.engineId
    const killedAt = performance.now()
    await realtime.kill()
    await waitFor(() => api.realtime.engine?.engineId !== leader, 60_000, 'the reader to follow the standby')
    results.failoverS = (performance.now() - killedAt) / 1000
    results.standbyRssBytes = await standby.rssBytes()
  }
} finally {
  await api.stop()
  await standby.stop()
  await realtime.stop()
  await database.close()
  await ownBroker?.close()
}
printReport(results)
