/**
 * The sources gateway's part of npm run bench:ingest (parts f–j and t, see ingest.bench.ts): HTTP fixes and a vendor
 * feed poll, each timed until every row is verified in vehicle_positions. The HTTP load comes from
 * simulators/src/load/http-load-cli.ts in a process of its own, so it does not share ingest's event loop.
 */
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { TrackerProvisioning } from '@masar/platform/trackers/tracker-provisioning'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import type { HttpLoadResult } from '@masar/simulators/load/http-load'
import Fastify from 'fastify'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Logger } from 'pino'
import { startIngest, type Ingest } from '../src/start-ingest.js'
import type { PingBatch } from '../src/pings/ping-batch.js'
import type { TestBroker } from '@masar/platform/testing/test-broker'
import { ingestTestConfig } from '../src/testing/ingest-test-config.js'

const HTTP_LOAD_CLI = fileURLToPath(new URL('../../simulators/src/load/http-load-cli.ts', import.meta.url))
const HTTP_VEHICLES = Number(process.env.BENCH_HTTP_VEHICLES ?? 500)
const HTTP_FIXES = Number(process.env.BENCH_HTTP_FIXES ?? 40)
const HTTP_TOTAL = HTTP_VEHICLES * HTTP_FIXES
const HTTP_CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16)
const FEED_VEHICLES = Number(process.env.BENCH_FEED_VEHICLES ?? 10_000)
/** Rows not all stored by then: the bench fails, saying how many were. */
const STORE_DEADLINE_MS = 120_000

export interface SourcesBenchOptions {
  parts: string
  run: string
  rounds: number
  broker: TestBroker
  databaseUrl: string
  logger: Logger
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
const load = (): string => loadavg().map((n) => n.toFixed(2)).join(' ')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function sendFromAnotherProcess(args: Record<string, string | number>): Promise<HttpLoadResult> {
  const argv = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', HTTP_LOAD_CLI, ...argv], { maxBuffer: 1 << 20 })
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as HttpLoadResult
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.sent} requests were not answered 200 (${JSON.stringify(result.statuses)}; first: ${result.firstError})`)
  return result
}

/** Ingest with the sources listener on a database of its own; `committed` sees every batch it stores. */
async function startSourcesIngest(options: SourcesBenchOptions, agency: string, env: Record<string, string>, onCommitted: (batch: PingBatch, committedAtMs: number) => void): Promise<{ ingest: Ingest; database: TestDatabase; stop(): Promise<void> }> {
  const database = await createTestDatabase({ serverUrl: options.databaseUrl })
  const ingest = await startIngest({
    config: ingestTestConfig({
      databaseUrl: database.url, embeddedDatabase: false, broker: options.broker, clientId: `bench-src-${agency}`,
      env: { MQTT_TOPIC_FILTER: formatPositionTopicFilter(agency), SOURCES_HTTP_PORT: '0', SOURCES_AUTH: 'open', SOURCES_AUTO_REGISTER: 'true', SOURCES_AGENCY: agency, ...env },
    }),
    logger: options.logger, pool: database.pool, http: false, onCommitted,
  })
  return { ingest, database, stop: async () => { await ingest.stop(); await database.close() } }
}

/** Waits until vehicle_positions holds `rows` rows of `vehicles` distinct vehicles (fails after the deadline). */
async function verifyStored(database: TestDatabase, rows: number, vehicles: number): Promise<void> {
  const deadline = Date.now() + STORE_DEADLINE_MS
  for (;;) {
    const { rows: [count] } = await database.pool.query<{ n: number; v: number }>('SELECT count(*)::int AS n, count(DISTINCT vehicle_id)::int AS v FROM vehicle_positions')
    if (count!.n === rows && count!.v === vehicles) return
    if (count!.n > rows || Date.now() > deadline) throw new Error(`vehicle_positions holds ${count!.n} rows of ${count!.v} vehicles, expected ${rows} of ${vehicles}`)
    await sleep(50)
  }
}

/** (f) the same sender against a Fastify route that answers and does nothing else. */
async function bareRoute(): Promise<HttpLoadResult> {
  const app = Fastify({ keepAliveTimeout: 65_000 })
  app.get('/', async () => ({ published: 1, refused: [] }))
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  try {
    return await sendFromAnotherProcess({ url, kind: 'osmand', vehicles: HTTP_VEHICLES, fixes: HTTP_FIXES, connections: HTTP_CONNECTIONS })
  } finally {
    await app.close()
  }
}

interface EndToEnd {
  /** Fixes/s from the first request sent to the last row committed. */
  stored: number
  /** Fixes/s answered 200, as the sender saw it. */
  answered: number
  answerP99Ms: number
}

/** (g), (h), (t): fixes sent flat out, every row verified stored. */
async function httpEndToEnd(options: SourcesBenchOptions, agency: string, kind: 'osmand' | 'traccar-json', withTokens: boolean): Promise<EndToEnd> {
  let lastMs = 0
  let dir: string | null = null
  const env: Record<string, string> = {}
  const args: Record<string, string | number> = { kind, vehicles: HTTP_VEHICLES, fixes: HTTP_FIXES, connections: HTTP_CONNECTIONS, prefix: agency }
  if (withTokens) {
    dir = await mkdtemp(join(tmpdir(), 'masar-bench-trackers-'))
    const vehicleIds = Array.from({ length: HTTP_VEHICLES }, (_, i) => `${agency}-${String(i).padStart(5, '0')}`)
    const issued = await new TrackerProvisioning(dir).add(vehicleIds, agency)
    await writeFile(join(dir, 'bench-tokens.json'), JSON.stringify(Object.fromEntries(issued.map((c) => [c.username, c.password]))))
    Object.assign(env, { SOURCES_AUTH: 'provisioned', SOURCES_CREDENTIALS_DIR: dir })
    args.tokens = join(dir, 'bench-tokens.json')
  }
  const { ingest, database, stop } = await startSourcesIngest(options, agency, env, (_batch, committedAtMs) => { lastMs = committedAtMs })
  try {
    const sent = await sendFromAnotherProcess({ url: ingest.sourcesUrl!, ...args })
    await verifyStored(database, HTTP_TOTAL, HTTP_VEHICLES)
    return { stored: (HTTP_TOTAL / (lastMs - sent.startMs)) * 1000, answered: sent.fixesPerSecond, answerP99Ms: sent.answerP99Ms }
  } finally {
    await stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

/** (i) OsmAnd at a steady rate, each fix's time the moment it is sent (ms): stored − sent per row. */
async function httpLatency(options: SourcesBenchOptions, agency: string, ratePerSecond: number, seconds: number): Promise<{ p50: number; p99: number; max: number; answerP50: number; answerP99: number }> {
  const latencies: number[] = []
  const { ingest, database, stop } = await startSourcesIngest(options, agency, {}, (batch, committedAtMs) => {
    for (const message of batch.messages) for (const ping of message.pings) latencies.push(committedAtMs - ping.recordedAtMs)
  })
  try {
    const vehicles = ratePerSecond // each vehicle once a second
    const sent = await sendFromAnotherProcess({ url: ingest.sourcesUrl!, kind: 'osmand', vehicles, fixes: seconds, connections: HTTP_CONNECTIONS, rate: ratePerSecond, 'fix-time': 'send-time', prefix: agency })
    await verifyStored(database, vehicles * seconds, vehicles)
    latencies.sort((a, b) => a - b)
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, answerP50: sent.answerP50Ms, answerP99: sent.answerP99Ms }
  } finally {
    await stop()
  }
}

const rt = GtfsRealtimeBindings.transit_realtime

function encodeFeed(vehicles: number, timeS: number | null): Uint8Array {
  return rt.FeedMessage.encode(rt.FeedMessage.create({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(Date.now() / 1000) },
    entity: timeS === null ? [] : Array.from({ length: vehicles }, (_, i) => ({
      id: `e${i}`,
      vehicle: {
        vehicle: { id: `veh-${i}`, label: String(1000 + i) },
        trip: { tripId: `trip-${i % 2000}`, routeId: `route-${i % 120}`, startDate: '20250101' },
        position: { latitude: 31.9 + (i % 100) / 1000, longitude: 35.9 + (i % 97) / 1000, bearing: i % 360, speed: (i % 25) * 0.7 },
        timestamp: timeS, occupancyStatus: i % 7,
      },
    })),
  })).finish()
}

/**
 * (j) one ingest polling a local feed every second: it first answers a feed without vehicles (so ingest's subscriber is
 * up before any fix is published), then each round a 10,000-vehicle feed with new times; timed from the request that
 * gets it arriving at the feed server (the poll's start) to the last of its rows committed, every row verified.
 */
async function feedPolls(options: SourcesBenchOptions, agency: string, rounds: number): Promise<{ ms: number[]; bytes: number }> {
  let body = encodeFeed(FEED_VEHICLES, null)
  let armed = false
  let pollStartMs = 0
  const server = http.createServer((_request, response) => {
    if (armed) {
      armed = false
      pollStartMs = Date.now()
    }
    response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vehicle-positions.pb`
  let lastMs = 0
  const { database, stop } = await startSourcesIngest(options, agency, {
    SOURCES_FEEDS: JSON.stringify([{ id: `feed-${agency}`, kind: 'gtfs-rt', url, intervalS: 1, agencyId: agency, autoRegister: true }]),
  }, (_batch, committedAtMs) => { lastMs = committedAtMs })
  const ms: number[] = []
  try {
    await sleep(1500) // the empty feed polled at least once
    const baseS = Math.floor(Date.now() / 1000) - 120
    for (let round = 0; round < rounds; round++) {
      body = encodeFeed(FEED_VEHICLES, baseS + round)
      armed = true
      await verifyStored(database, FEED_VEHICLES * (round + 1), FEED_VEHICLES)
      ms.push(lastMs - pollStartMs)
    }
    return { ms, bytes: body.byteLength }
  } finally {
    await stop()
    server.close()
  }
}

const met = (ok: boolean): string => (ok ? 'met' : 'MISSED')

export async function runSourcesBench(options: SourcesBenchOptions): Promise<void> {
  const { parts, run, rounds } = options
  console.log(`sources: ${fmt(HTTP_TOTAL)} fixes per HTTP run (${HTTP_VEHICLES} vehicles × ${HTTP_FIXES}), ${HTTP_CONNECTIONS} keep-alive connections from a sender process, ${rounds} rounds alternated; load average ${load()}`)
  const f: number[] = []
  const g: EndToEnd[] = []
  const t: EndToEnd[] = []
  const h: EndToEnd[] = []
  for (let round = 0; round < rounds; round++) {
    if (parts.includes('f')) f.push((await bareRoute()).fixesPerSecond)
    if (parts.includes('g')) g.push(await httpEndToEnd(options, `osm${run}r${round}`, 'osmand', false))
    if (parts.includes('h')) h.push(await httpEndToEnd(options, `trc${run}r${round}`, 'traccar-json', false))
    if (parts.includes('t')) t.push(await httpEndToEnd(options, `tok${run}r${round}`, 'osmand', true))
  }
  const bare = median(f)
  const line = (name: string, runs: EndToEnd[]): number => {
    const stored = median(runs.map((r) => r.stored))
    console.log(`${name} ${fmt(stored)} fixes/s stored (median of ${runs.map((r) => fmt(r.stored)).join(', ')}); answered ${fmt(median(runs.map((r) => r.answered)))}/s, answer p99 ${fmt(median(runs.map((r) => r.answerP99Ms)))} ms`)
    if (parts.includes('f')) console.log(`    ${(stored / bare).toFixed(2)} × the bare route (target ≥ 0.5: ${met(stored >= 0.5 * bare)}); ≥ 5,000 fixes/s: ${met(stored >= 5000)}`)
    else console.log(`    ≥ 5,000 fixes/s: ${met(stored >= 5000)}`)
    return stored
  }
  if (parts.includes('f')) console.log(`(f) bare Fastify route, same sender:          ${fmt(bare)} requests/s (median of ${f.map(fmt).join(', ')})`)
  if (parts.includes('g')) line('(g) OsmAnd, open, request → stored:          ', g)
  if (parts.includes('t')) line('(t) OsmAnd, provisioned tokens, → stored:    ', t)
  if (parts.includes('h')) line('(h) Traccar JSON, open, request → stored:     ', h)
  if (parts.includes('i')) {
    const l = await httpLatency(options, `hlat${run}`, 500, 10)
    console.log(`(i) OsmAnd request→stored at a steady 500 fixes/s: p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, max ${fmt(l.max)} ms (answered: p50 ${fmt(l.answerP50)} ms, p99 ${fmt(l.answerP99)} ms); p99 < 250 ms: ${met(l.p99 < 250)}`)
  }
  if (parts.includes('j')) {
    const { ms, bytes } = await feedPolls(options, `feed${run}`, rounds)
    const m = median(ms)
    console.log(`(j) GTFS-RT poll of ${fmt(FEED_VEHICLES)} vehicles (${fmt(bytes / 1024)} KiB), poll start → last row stored: ${fmt(m)} ms (median of ${ms.map(fmt).join(', ')} ms); < 1,000 ms: ${met(m < 1000)}`)
  }
  console.log(`load average at the end: ${load()} (2 cores, shared)`)
}
