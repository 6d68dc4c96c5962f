/**
 * npm run bench:ingest — ingest throughput and latency against the real Mosquitto and PostgreSQL on this machine,
 * measured side by side in one run (figures, not a timed test):
 *   (a) pass-through: the load publisher (its own process) → broker → a subscriber that acks and stores nothing
 *   (b) end-to-end: the same publisher → broker → ingest → PostgreSQL, every row verified stored
 *   (c) raw database: the same rows written by ingest's batch statements (COPY, and INSERT … unnest) straight to PostgreSQL
 *   (d) publish→stored latency at a steady 2,000 pings/s;  (e) the batch form (10 pings per message)
 * and the sources gateway's HTTP paths (ingest/bench/sources-bench.ts), the load sender in its own process too:
 *   (f) a bare Fastify route that does nothing (the limit of an HTTP endpoint here), driven by the same sender
 *   (g) OsmAnd fixes end to end (request → published → stored, every row verified), keep-alive, several connections;
 *       (t) the same with provisioned tokens (the token check: PBKDF2 once per token, then its SHA-256 remembered)
 *   (h) Traccar's JSON forwarder, the same;  (i) OsmAnd request→stored latency at a steady 500 fixes/s
 *   (j) one poll of a synthetic 10,000-vehicle GTFS-Realtime VehiclePositions feed: poll start → last row stored
 */
import { createTestDatabase } from '@masar/platform/testing/test-database'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import { formatPositionTopic, formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pino from 'pino'
import { createMqttSubscriber } from '../src/mqtt/mqtt-subscriber.js'
import { copyBatch } from '../src/pings/positions-copy.repository.js'
import { writeBatch } from '../src/pings/positions.repository.js'
import type { IngestedMessage } from '../src/pings/ping-batch.js'
import { startIngest } from '../src/start-ingest.js'
import { freePort } from '../src/testing/ingest-process.js'
import { ingestTestConfig } from '../src/testing/ingest-test-config.js'
import { runSourcesBench } from './sources-bench.js'

/**
 * The broker: a Mosquitto of the bench's own (the same binary as the system's), configured as infra/compose
 * configures production: no cap on a subscriber's queue. The system broker's default cap (max_queued_messages
 * 1000) drops QoS 1 messages whenever a publisher outruns a subscriber by more than that, which a flat-out
 * benchmark always does. BENCH_MQTT_URL points the bench at another broker instead.
 */
async function startBenchBroker(): Promise<{ url: string; stop(): void }> {
  if (process.env.BENCH_MQTT_URL) return { url: process.env.BENCH_MQTT_URL, stop: () => {} }
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'masar-bench-mosquitto-'))
  const conf = join(dir, 'mosquitto.conf')
  await writeFile(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 0', 'log_dest none', ''].join('\n'))
  const child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' })
  process.on('exit', () => child.kill()) // also when the bench fails half-way
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true) })
      socket.on('error', () => resolve(false))
    })
    if (open) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url: `mqtt://127.0.0.1:${port}`, stop: () => child.kill() }
}

const benchBroker = await startBenchBroker()
const MQTT_URL = benchBroker.url
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 1000)
const PINGS_PER_VEHICLE = Number(process.env.BENCH_PINGS_PER_VEHICLE ?? 100)
const TOTAL = VEHICLES * PINGS_PER_VEHICLE
const LOAD_CLI = fileURLToPath(new URL('../../simulators/src/load/load-cli.ts', import.meta.url))
const logger = pino({ level: 'warn' })
const broker = { url: MQTT_URL, protocolVersion: 5 as const, supportsSharedSubscriptions: true, embedded: false, close: async () => {} }

async function publishFromAnotherProcess(args: Record<string, string | number>): Promise<void> {
  const argv = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])
  await promisify(execFile)(process.execPath, ['--import', 'tsx', LOAD_CLI, '--url', MQTT_URL, ...argv], { maxBuffer: 1 << 20 })
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function passThrough(agency: string): Promise<number> {
  let received = 0
  let firstMs = 0
  let lastMs = 0
  let done: () => void = () => {}
  const finished = new Promise<void>((resolve) => (done = resolve))
  const subscriber = createMqttSubscriber({
    url: MQTT_URL, clientId: `bench-pass-${agency}`, protocolVersion: 5, topicFilters: [formatPositionTopicFilter(agency)],
    cleanStart: true, sessionExpirySeconds: 0, receiveMaximum: 20_000, keepaliveSeconds: 30, reconnectMinMs: 100, reconnectMaxMs: 1000, logger,
    onMessage: (message) => {
      if (received === 0) firstMs = performance.now()
      received += 1
      message.ack()
      if (received === TOTAL) {
        lastMs = performance.now()
        done()
      }
    },
  })
  await subscriber.start()
  await publishFromAnotherProcess({ agency, vehicles: VEHICLES, pings: PINGS_PER_VEHICLE })
  await finished
  await subscriber.stop()
  return (TOTAL / (lastMs - firstMs)) * 1000
}

async function endToEnd(agency: string, perMessage: number): Promise<number> {
  const database = await createTestDatabase({ serverUrl: DATABASE_URL })
  let firstMs = 0
  let lastMs = 0
  const ingest = await startIngest({
    config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: false, broker, clientId: `bench-e2e-${agency}`, env: { MQTT_TOPIC_FILTER: formatPositionTopicFilter(agency), ...(process.env.INGEST_BATCH_MAX_ROWS ? { INGEST_BATCH_MAX_ROWS: process.env.INGEST_BATCH_MAX_ROWS } : {}) } }),
    logger, pool: database.pool, http: false,
    onCommitted: (batch, committedAtMs) => {
      if (firstMs === 0) firstMs = Math.min(...batch.messages.map((m) => m.receivedAtMs))
      lastMs = committedAtMs
    },
  })
  await publishFromAnotherProcess({ agency, vehicles: VEHICLES, pings: PINGS_PER_VEHICLE, 'per-message': perMessage })
  for (;;) {
    const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicle_positions')
    if (rows[0]?.n === TOTAL) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await ingest.stop()
  await database.close()
  return (TOTAL / (lastMs - firstMs)) * 1000
}

async function rawDatabase(agency: string, method: 'copy' | 'insert'): Promise<number> {
  const database = await createTestDatabase({ serverUrl: DATABASE_URL })
  const limits = { ...DEFAULT_PING_LIMITS, nowMs: Date.now() }
  const baseMs = Date.now() - PINGS_PER_VEHICLE * 1000
  const messages: IngestedMessage[] = []
  for (let i = 0; i < PINGS_PER_VEHICLE; i++) {
    for (let v = 0; v < VEHICLES; v++) {
      const topic = formatPositionTopic(agency, `load-${String(v).padStart(5, '0')}`)
      const payload = new TextEncoder().encode(JSON.stringify({ ts: baseMs + i * 1000, lat: 31.9 + (v % 100) * 0.001, lon: 35.85 + i * 1e-5, speed: 8.5, bearing: 90, seq: i }))
      messages.push({ topic, receivedAtMs: Date.now(), ack: () => {}, ...parsePositionMessage(topic, payload, limits) })
    }
  }
  const started = performance.now()
  for (let i = 0; i < messages.length; i += 1000) {
    const rows = { messages: messages.slice(i, i + 1000), newVehicles: i === 0 ? new Map(messages.slice(0, VEHICLES).map((m) => [m.pings[0]!.vehicleId, agency])) : new Map<string, string>(), rejectPayloadKeepBytes: 1024 }
    if (method === 'copy') await copyBatch(database.pool, rows)
    else await writeBatch(database.pool, rows)
  }
  const rate = (TOTAL / (performance.now() - started)) * 1000
  await database.close()
  return rate
}

async function latencyAtSteadyRate(agency: string, ratePerSecond: number, seconds: number): Promise<{ p50: number; p99: number; max: number }> {
  const database = await createTestDatabase({ serverUrl: DATABASE_URL })
  const latencies: number[] = []
  const total = ratePerSecond * seconds
  const ingest = await startIngest({
    config: ingestTestConfig({ databaseUrl: database.url, embeddedDatabase: false, broker, clientId: `bench-lat-${process.pid}`, env: { MQTT_TOPIC_FILTER: formatPositionTopicFilter(agency), ...(process.env.INGEST_BATCH_MAX_ROWS ? { INGEST_BATCH_MAX_ROWS: process.env.INGEST_BATCH_MAX_ROWS } : {}) } }),
    logger, pool: database.pool, http: false,
    onCommitted: (batch, committedAtMs) => {
      for (const message of batch.messages) for (const ping of message.pings) latencies.push(committedAtMs - ping.recordedAtMs)
    },
  })
  // 2,000 vehicles reporting once a second: each ping's fix time is the moment it was published.
  await publishFromAnotherProcess({ agency, vehicles: ratePerSecond, pings: seconds, rate: ratePerSecond, 'fix-time': 'publish-time' })
  while (latencies.length < total) await new Promise((resolve) => setTimeout(resolve, 50))
  await ingest.stop()
  await database.close()
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const run = `${process.pid}${Date.now() % 100000}`
console.log(`bench:ingest — ${fmt(TOTAL)} pings (${VEHICLES} vehicles × ${PINGS_PER_VEHICLE}), QoS 1, one ping per message, Mosquitto ${MQTT_URL}, PostgreSQL ${new URL(DATABASE_URL).host}`)
/** BENCH_PARTS=abcde (default: all, abcdefghijt) runs a subset, e.g. for profiling one of them. */
const parts = process.env.BENCH_PARTS ?? 'abcdefghijt'
// (a) and (b) alternate for BENCH_ROUNDS rounds and report their medians: on a shared 2-core machine one run of
// either can be off by 15 %, and alternating exposes both to the same conditions.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN
const aRuns: number[] = []
const bRuns: number[] = []
for (let round = 0; round < rounds; round++) {
  if (parts.includes('a')) aRuns.push(await passThrough(`pass${run}r${round}`))
  if (parts.includes('b')) bRuns.push(await endToEnd(`e2e${run}r${round}`, 1))
}
const a = median(aRuns)
const b = median(bRuns)
if (parts.includes('a')) console.log(`(a) pass-through (broker + clients limit):   ${fmt(a)} pings/s  (median of ${aRuns.map(fmt).join(', ')})`)
if (parts.includes('b')) console.log(`(b) end-to-end, every row verified stored:    ${fmt(b)} pings/s  (median of ${bRuns.map(fmt).join(', ')})`)
const c = parts.includes('c') ? await rawDatabase(`raw${run}`, 'copy') : NaN
if (parts.includes('c')) {
  console.log(`(c) raw database, same rows, ingest's COPY path: ${fmt(c)} pings/s`)
  console.log(`    (the idempotent INSERT … unnest path, used after a crash and on the embedded database: ${fmt(await rawDatabase(`rawi${run}`, 'insert'))} pings/s)`)
}
if (parts.includes('e')) console.log(`(e) end-to-end, batch form (10 pings/message): ${fmt(await endToEnd(`batch${run}`, 10))} pings/s`)
const latency = parts.includes('d') ? await latencyAtSteadyRate(`lat${run}`, 2000, 10) : { p50: NaN, p99: NaN, max: NaN }
if (parts.includes('d')) console.log(`(d) publish→stored at a steady 2,000 pings/s:  p50 ${fmt(latency.p50)} ms, p99 ${fmt(latency.p99)} ms, max ${fmt(latency.max)} ms`)
if (/[a-e]/.test(parts)) console.log(`ratios: b/a = ${(b / a).toFixed(2)} (target ≥ 0.7), b/c = ${(b / c).toFixed(2)}; b ${b >= 15_000 ? '≥' : '<'} 15,000 pings/s; p99 ${latency.p99 < 200 ? '<' : '≥'} 200 ms`)
if (/[f-jt]/.test(parts)) await runSourcesBench({ parts, run, rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 3), broker, databaseUrl: DATABASE_URL, logger })
benchBroker.stop()
