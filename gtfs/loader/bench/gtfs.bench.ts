/**
 * npm run bench:gtfs — the largest feed in ../shared/data/gtfs imported into PostgreSQL (validation included),
 * then the in-memory schedule model built from it, with its build time and memory. Figures, not a timed test.
 * Not yet here: the same import with node-gtfs as the peer (issue #3 §7).
 */
import { createTestDatabase } from '@masar/platform/testing/test-database'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importFeed } from '../src/import/import-feed.js'
import { loadSchedule } from '../src/schedule/load-schedule.js'
import { validateFeed } from '../src/validate/validate-feed.js'

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

const feed = await largestFeed()
const database = await createTestDatabase({ serverUrl: DATABASE_URL })
try {
  console.log(`bench:gtfs — ${feed} into PostgreSQL ${new URL(DATABASE_URL).host}`)
  const started = performance.now()
  const result = await importFeed({ pool: database.pool, path: feed, writeMethod: 'copy', validate: validateFeed })
  const importMs = performance.now() - started
  if (!result.ok) throw new Error('the feed did not validate')
  const rows = Object.values(result.rowCounts).reduce((sum, n) => sum + n, 0)
  console.log(`import (validation + COPY + activation): ${fmt(rows)} rows in ${(importMs / 1000).toFixed(1)} s = ${fmt(rows / (importMs / 1000))} rows/s`)

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
