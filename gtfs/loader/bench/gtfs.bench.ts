/**
 * npm run bench:gtfs — the largest feed in ../shared/data/gtfs imported into PostgreSQL (validation included),
 * then the in-memory schedule model built from it, with its build time and memory; then the same zip imported by
 * node-gtfs (SQLite, under its own Node 22: see node-gtfs-peer.ts) as the peer, and the ratio of rows/s (issue #3 §7).
 * Figures, not a timed test. If the peer cannot be installed or run, that is said and our own figures stand.
 */
import { createTestDatabase } from '@masar/platform/testing/test-database'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importFeed } from '../src/import/import-feed.js'
import { loadSchedule } from '../src/schedule/load-schedule.js'
import { validateFeedInWorker } from '../src/validate/validate-feed-in-worker.js'
import { runNodeGtfsPeer, type NodeGtfsPeerResult } from './node-gtfs-peer.js'

const SHARED_GTFS = fileURLToPath(new URL('../../../../shared/data/gtfs', import.meta.url))
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function largestFeed(): Promise<string> {
  let best = { path: '', size: 0 }
  for (const folder of await readdir(SHARED_GTFS)) {
    for (const file of await readdir(join(SHARED_GTFS, folder))) {
      if (!file.endsWith('.zip')) continue
      const { size } = await stat(join(SHARED_GTFS, folder, file))
      if (size > best.size) best = { path: join(SHARED_GTFS, folder, file), size }
    }
  }
  return best.path
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`
const rowsPerSecond = (rows: number, ms: number) => rows / (ms / 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** Ours, once, into a fresh database: validation (on a worker) + COPY + activation. Returns rows and ms. */
async function importOnce(feed: string): Promise<{ rows: number; ms: number }> {
  const database = await createTestDatabase({ serverUrl: DATABASE_URL })
  try {
    const started = performance.now()
    const result = await importFeed({ pool: database.pool, path: feed, writeMethod: 'copy', validate: validateFeedInWorker })
    const ms = performance.now() - started
    if (!result.ok) throw new Error('the feed did not validate')
    return { rows: Object.values(result.rowCounts).reduce((sum, n) => sum + n, 0), ms }
  } finally {
    await database.close()
  }
}

/** The schedule model built from the imported feed: build time and the heap it holds. */
async function benchModel(feed: string): Promise<void> {
  const database = await createTestDatabase({ serverUrl: DATABASE_URL })
  try {
    const result = await importFeed({ pool: database.pool, path: feed, writeMethod: 'copy' })
    if (!result.ok) throw new Error('the feed did not import')
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const buildStarted = performance.now()
    const schedule = await loadSchedule(database.pool)
    const buildMs = performance.now() - buildStarted
    global.gc?.()
    const heapAfter = process.memoryUsage().heapUsed
    console.log(`schedule model: ${fmt(schedule.trips.size)} trips, ${fmt(schedule.stops.size)} stops, ${fmt(schedule.shapes.size)} shapes, built in ${(buildMs / 1000).toFixed(2)} s (target < 5 s), heap ${mib(heapAfter - heapBefore)}, process RSS ${mib(process.memoryUsage().rss)}`)
  } finally {
    await database.close()
  }
}

/** The peer on the same zip, between our rounds; null (and why) when it could not run. */
async function peerOnce(feed: string): Promise<NodeGtfsPeerResult | null> {
  try {
    return await runNodeGtfsPeer(feed)
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    console.log(`node-gtfs peer could not run: ${code ?? 'ERROR'}: ${message ?? String(error)}`)
    return null
  }
}

const feed = await largestFeed()
console.log(`bench:gtfs — ${feed} into PostgreSQL ${new URL(DATABASE_URL).host}; ${ROUNDS} rounds, ours and node-gtfs taking turns`)
const ours: number[] = []
const theirs: number[] = []
let peerVersion = ''
for (let round = 1; round <= ROUNDS; round++) {
  const masar = await importOnce(feed)
  ours.push(rowsPerSecond(masar.rows, masar.ms))
  const peer = await peerOnce(feed)
  if (peer) {
    theirs.push(rowsPerSecond(peer.rows, peer.elapsedMs))
    peerVersion = peer.version
  }
  console.log(`round ${round}: Masar ${fmt(masar.rows)} rows in ${(masar.ms / 1000).toFixed(2)} s = ${fmt(ours.at(-1)!)} rows/s` +
    (peer ? `; node-gtfs ${fmt(peer.rows)} rows in ${(peer.elapsedMs / 1000).toFixed(2)} s = ${fmt(theirs.at(-1)!)} rows/s` : ''))
}
console.log(`import, median of ${ROUNDS}: Masar (validation + COPY + activation) ${fmt(median(ours))} rows/s` +
  (theirs.length ? `; node-gtfs ${peerVersion} (SQLite) ${fmt(median(theirs))} rows/s; ratio ${(median(ours) / median(theirs)).toFixed(1)}× (target ≥ 3×)` : ''))
await benchModel(feed)
