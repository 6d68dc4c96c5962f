import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activateFeed, activeFeedId, listFeeds } from './feeds.repository.js'
import { validateFeed } from '../validate/validate-feed.js'
import type { ValidationReport } from '../validate/validation-report.js'
import { importFeed } from './import-feed.js'
import { DEFAULT_GTFS_LIMITS } from '../read/gtfs-limits.js'
import { withClaimedSize, zipOf } from '../read/zip-bombs.testing.js'

const SHARED_GTFS = fileURLToPath(new URL('../../../../../shared/data/gtfs', import.meta.url))
const CAIRO_METRO = join(SHARED_GTFS, 'cairo-metro-tfc-2016/gtfs.zip')
const USF = join(SHARED_GTFS, 'usf-bullrunner/bullrunner-gtfs.zip')
const AMMAN_DEMO = fileURLToPath(new URL('../../demo-feed', import.meta.url))

let database: TestDatabase
let dir: string
beforeAll(async () => {
  database = await createTestDatabase()
  dir = await mkdtemp(join(tmpdir(), 'masar-gtfs-'))
})
afterAll(async () => {
  await database?.close()
  await rm(dir, { recursive: true, force: true })
})

/** A tiny feed written by the test: one route, a trip past midnight, Arabic names. */
async function writeTinyFeed(name: string, stopLat = '31.9539'): Promise<string> {
  const folder = join(dir, name)
  const files: Record<string, string> = {
    'agency.txt': 'agency_name,agency_url,agency_timezone\nأمانة عمّان,https://www.ammancity.gov.jo,Asia/Amman\n',
    'stops.txt': `stop_id,stop_name,stop_lat,stop_lon\nA,العبدلي,${stopLat},35.9106\nB,"Downtown, Al-Balad",31.9515,35.9396\n`,
    'routes.txt': 'route_id,route_short_name,route_type\nR1,1,3\n',
    'trips.txt': 'route_id,service_id,trip_id\nR1,WK,T1\n',
    // GTFS stop_times.txt: arrival_time may exceed 24:00:00 for a trip that runs past midnight
    'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,23:50:00,23:50:00,A,1\nT1,24:10:30,24:10:30,B,2\n',
    'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,0,1,1,20260101,20261231\n',
  }
  const { mkdir } = await import('node:fs/promises')
  await mkdir(folder, { recursive: true })
  for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text)
  return folder
}

const count = async (table: string) => Number((await database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)

const writeMethod = () => (database.embedded ? ('insert' as const) : ('copy' as const))

describe(`GTFS import (${process.env.DATABASE_URL ? 'PostgreSQL, COPY' : 'embedded TimescaleDB, INSERT'})`, () => {
  it('imports a feed as a new active version, with times past midnight as intervals and Arabic text intact', async () => {
    const result = await importFeed({ pool: database.pool, path: await writeTinyFeed('tiny'), writeMethod: writeMethod() })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rowCounts).toEqual({ 'agency.txt': 1, 'stops.txt': 2, 'routes.txt': 1, 'trips.txt': 1, 'stop_times.txt': 2, 'calendar.txt': 1 })
    expect(await activeFeedId(database.pool)).toBe(result.feedId)
    const { rows } = await database.pool.query<{ stop_id: string; seconds: number }>(
      'SELECT stop_id, extract(epoch FROM arrival_time)::int AS seconds FROM gtfs_stop_times WHERE feed_id = $1 ORDER BY stop_sequence', [result.feedId],
    )
    expect(rows).toEqual([{ stop_id: 'A', seconds: 23 * 3600 + 50 * 60 }, { stop_id: 'B', seconds: 24 * 3600 + 10 * 60 + 30 }])
    const names = await database.pool.query<{ stop_name: string }>('SELECT stop_name FROM gtfs_stops WHERE feed_id = $1 ORDER BY stop_id', [result.feedId])
    expect(names.rows.map((r) => r.stop_name)).toEqual(['العبدلي', 'Downtown, Al-Balad'])
    const agency = await database.pool.query('SELECT agency_id, agency_timezone FROM gtfs_agency WHERE feed_id = $1', [result.feedId])
    expect(agency.rows).toEqual([{ agency_id: '', agency_timezone: 'Asia/Amman' }])
  })

  it('leaves the active feed untouched when a feed fails validation, and keeps its report', async () => {
    const before = await activeFeedId(database.pool)
    const result = await importFeed({
      pool: database.pool, path: await writeTinyFeed('refused'), writeMethod: writeMethod(),
      validate: async () => ({ ok: false, errors: [{ code: 'GTFS_UNKNOWN_REFERENCE', file: 'stop_times.txt', line: 3 }] }),
    })
    expect(result.ok).toBe(false)
    expect(await activeFeedId(database.pool)).toBe(before)
    const { rows } = await database.pool.query<{ status: string; report: { errors: unknown[] } }>('SELECT status, report FROM feeds WHERE feed_id = $1', [result.feedId])
    expect(rows[0]?.status).toBe('failed')
    expect(rows[0]?.report.errors).toHaveLength(1)
    expect((await database.pool.query('SELECT 1 FROM gtfs_stops WHERE feed_id = $1', [result.feedId])).rowCount).toBe(0)
  })

  it('rolls a failed import back whole: no half feed, the active one stays', async () => {
    const before = await activeFeedId(database.pool)
    const feedsBefore = (await listFeeds(database.pool)).length
    // stop_lat 95 passes no validator here and breaks the table's CHECK mid-import
    await expect(importFeed({ pool: database.pool, path: await writeTinyFeed('broken', '95'), writeMethod: writeMethod() })).rejects.toThrow()
    expect(await activeFeedId(database.pool)).toBe(before)
    expect(await listFeeds(database.pool)).toHaveLength(feedsBefore)
  })

  it('keeps each feed\'s stop_times and shapes in partitions of their own, dropped with the feed', async () => {
    const result = await importFeed({ pool: database.pool, path: await writeTinyFeed('partitioned'), writeMethod: writeMethod(), activate: false })
    if (!result.ok) throw new Error('import failed')
    const partitions = async () => (await database.pool.query<{ stop_times: string | null; shapes: string | null }>(
      `SELECT to_regclass('gtfs_stop_times_feed_' || $1::int) AS stop_times, to_regclass('gtfs_shapes_feed_' || $1::int) AS shapes`, [result.feedId],
    )).rows[0]!
    expect(await partitions()).toEqual({ stop_times: `gtfs_stop_times_feed_${result.feedId}`, shapes: `gtfs_shapes_feed_${result.feedId}` })
    const rows = async () => (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM gtfs_stop_times WHERE feed_id = $1', [result.feedId])).rows[0]!.n
    expect(await rows()).toBe(2)
    await database.pool.query('DELETE FROM feeds WHERE feed_id = $1', [result.feedId])
    expect(await partitions()).toEqual({ stop_times: null, shapes: null })
    expect((await database.pool.query('SELECT 1 FROM gtfs_trips WHERE feed_id = $1', [result.feedId])).rowCount).toBe(0)
  })

  it.skipIf(!existsSync(CAIRO_METRO) || !existsSync(USF))('switches between real feeds and back (rollback)', async () => {
    const cairo = await importFeed({ pool: database.pool, path: CAIRO_METRO, writeMethod: writeMethod() })
    const usf = await importFeed({ pool: database.pool, path: USF, writeMethod: writeMethod() })
    if (!cairo.ok || !usf.ok) throw new Error('imports failed')
    expect(cairo.rowCounts).toMatchObject({ 'stop_times.txt': 128, 'stops.txt': 189, 'shapes.txt': 510, 'frequencies.txt': 6 })
    // Cairo's trips name no shape: one is derived per stop pattern, with distances along it
    expect(cairo.derivedShapes).toBe(6)
    const unshaped = await database.pool.query('SELECT 1 FROM gtfs_trips WHERE feed_id = $1 AND shape_id IS NULL', [cairo.feedId])
    expect(unshaped.rowCount).toBe(0)
    const distances = await database.pool.query<{ trip_id: string; d: number[] }>(
      `SELECT trip_id, array_agg(shape_dist_traveled ORDER BY stop_sequence) AS d FROM gtfs_stop_times WHERE feed_id = $1 GROUP BY trip_id`, [cairo.feedId],
    )
    for (const { d } of distances.rows) {
      expect(d[0]).toBe(0)
      for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThan(d[i - 1]!)
      expect(d.at(-1)!).toBeGreaterThan(10_000) // a metro line is kilometres long
    }
    expect(usf.rowCounts).toMatchObject({ 'stop_times.txt': 473, 'frequencies.txt': 15 })
    // USF's shapes are measured but its stop_times are not: every stop is placed on its trip's shape, in order
    expect(usf.computedDistances.trips).toBeGreaterThan(0)
    const usfDistances = await database.pool.query<{ d: Array<number | null>; length: number }>(
      `SELECT array_agg(st.shape_dist_traveled ORDER BY st.stop_sequence) AS d,
              (SELECT max(shape_dist_traveled) FROM gtfs_shapes sh WHERE sh.feed_id = t.feed_id AND sh.shape_id = t.shape_id) AS length
       FROM gtfs_stop_times st JOIN gtfs_trips t USING (feed_id, trip_id) WHERE st.feed_id = $1 GROUP BY t.feed_id, t.trip_id, t.shape_id`, [usf.feedId],
    )
    expect(usfDistances.rowCount).toBeGreaterThan(0)
    for (const { d, length } of usfDistances.rows) {
      expect(d.every((x) => x !== null)).toBe(true)
      for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThanOrEqual(d[i - 1]!)
      expect(d.at(-1)!).toBeLessThanOrEqual(length)
    }
    expect(await activeFeedId(database.pool)).toBe(usf.feedId)
    expect(await activateFeed(database.pool, cairo.feedId)).toBe(true)
    expect(await activeFeedId(database.pool)).toBe(cairo.feedId)
    expect(await activateFeed(database.pool, 999_999)).toBe(false)
    const feeds = await listFeeds(database.pool)
    expect(feeds.filter((f) => f.active).map((f) => f.feedId)).toEqual([cairo.feedId])
    const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM gtfs_stops WHERE feed_id = $1', [usf.feedId])
    expect(rows[0]?.n).toBe(125) // the earlier version is kept
  })

  it('computes missing shape_dist_traveled: the shape in metres, then each stop projected onto it in order (fixtures/shape-without-distances)', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/shape-without-distances', import.meta.url))
    const result = await importFeed({ pool: database.pool, path: fixture, writeMethod: writeMethod(), validate: validateFeed, activate: false })
    if (!result.ok) throw new Error('fixture import failed')
    expect(result.computedDistances).toEqual({ shapes: 1, trips: 2 })
    const shape = await database.pool.query<{ d: number[] }>(`SELECT array_agg(shape_dist_traveled ORDER BY shape_pt_sequence) AS d FROM gtfs_shapes WHERE feed_id = $1`, [result.feedId])
    // 1,000 m east, 30 m north, 1,000 m west, 30 m south (to within a metre: the fixture's coordinates have 7 decimals)
    expect(shape.rows[0]!.d.map(Math.round)).toEqual([0, 500, 1000, 1030, 1530, 2030, 2060])
    const stops = await database.pool.query<{ trip_id: string; d: number[] }>(
      `SELECT trip_id, array_agg(shape_dist_traveled ORDER BY stop_sequence) AS d FROM gtfs_stop_times WHERE feed_id = $1 GROUP BY trip_id ORDER BY trip_id`, [result.feedId],
    )
    for (const { d } of stops.rows) {
      // S1, S2, S3 at the turn, S4 on the street back, and S1 again at the end of the loop, not its start
      expect(d.map(Math.round)).toEqual([0, 500, 1015, 1530, 2060])
    }
  })

  it('validates the Amman demo feed with no errors and imports it', async () => {
    const result = await importFeed({ pool: database.pool, path: AMMAN_DEMO, writeMethod: writeMethod(), validate: validateFeed })
    if (!result.ok) throw new Error(`import failed: ${JSON.stringify((result.check as ValidationReport).errors.slice(0, 3))}`)
    expect((result.check as ValidationReport).errorCount).toBe(0)
    expect(result.rowCounts).toMatchObject({ 'routes.txt': 28, 'stops.txt': 604, 'trips.txt': 5647, 'stop_times.txt': 94982, 'frequencies.txt': 446 })
    // A block is one bus, in service from its first departure to its last arrival (the generator's definition); the
    // generator reports the weekday peak first at 07:19.
    const { rows } = await database.pool.query<{ n: number }>(
      `WITH spans AS (
         SELECT t.block_id, min(st.departure_time) AS first_departure, max(st.arrival_time) AS last_arrival
         FROM gtfs_trips t JOIN gtfs_stop_times st USING (feed_id, trip_id)
         WHERE t.feed_id = $1 AND t.service_id = 'WEEKDAY' GROUP BY t.block_id)
       SELECT count(*)::int AS n FROM spans WHERE first_departure <= interval '07:19:00' AND last_arrival >= interval '07:19:00'`,
      [result.feedId],
    )
    expect(rows[0]?.n).toBe(206)
  })
  it('refuses a zip bomb, honest or lying about its size, with a clear code, and keeps nothing of it (the active feed unchanged)', async () => {
    const tiny = await writeTinyFeed('bomb-base')
    const { readdir, readFile } = await import('node:fs/promises')
    const files: Record<string, Buffer> = {}
    for (const name of await readdir(tiny)) files[name] = await readFile(join(tiny, name))
    const stopTimes = Buffer.concat([files['stop_times.txt']!, Buffer.alloc(16 * 1024 * 1024, 0x30)]) // 16 MiB of zeros after the rows
    const honest = join(dir, 'honest-bomb.zip')
    const lying = join(dir, 'lying-bomb.zip')
    await writeFile(honest, await zipOf({ ...files, 'stop_times.txt': stopTimes }))
    await writeFile(lying, withClaimedSize(await zipOf({ ...files, 'stop_times.txt': stopTimes }), 'stop_times.txt', 1000))
    const limits = { ...DEFAULT_GTFS_LIMITS, maxFileBytes: 4 * 1024 * 1024 }
    const before = { feeds: (await listFeeds(database.pool)).length, active: await activeFeedId(database.pool), stopTimes: await count('gtfs_stop_times') }
    for (const [path, code] of [[honest, 'GTFS_FILE_TOO_LARGE'], [lying, 'GTFS_UNREADABLE']] as const) {
      for (const validate of [undefined, validateFeed]) {
        await expect(importFeed({ pool: database.pool, path, writeMethod: writeMethod(), validate, limits }), path).rejects.toMatchObject({ code, message: expect.stringContaining('stop_times.txt') })
      }
    }
    expect({ feeds: (await listFeeds(database.pool)).length, active: await activeFeedId(database.pool), stopTimes: await count('gtfs_stop_times') }).toEqual(before)
  })
})
