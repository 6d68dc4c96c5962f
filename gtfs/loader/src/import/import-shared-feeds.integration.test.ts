import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHARED_FEED_ROWS, SHARED_GTFS, sharedFeedZip } from '../read/shared-feeds.js'
import { validateFeed } from '../validate/validate-feed.js'
import type { ValidationReport } from '../validate/validation-report.js'
import { GTFS_TABLES } from './gtfs-tables.js'
import { importFeed } from './import-feed.js'
import { loadSchedule } from '../schedule/load-schedule.js'

const present = existsSync(SHARED_GTFS)
const STORED_FILES = new Set<string>(GTFS_TABLES.map((t) => t.file))

let database: TestDatabase
beforeAll(async () => {
  if (present) database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

async function storedRows(feedId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const { file, table } of GTFS_TABLES) {
    const { rows } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE feed_id = $1`, [feedId])
    counts[file] = rows[0]!.n
  }
  return counts
}

describe.skipIf(!present)(`importing every feed in ../shared/data/gtfs (skipped where ../shared is absent) — ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded TimescaleDB'}`, () => {
  it.each(Object.keys(SHARED_FEED_ROWS))('%s: validated, imported, and stored with the row counts its PROVENANCE.md states', async (feed) => {
    const result = await importFeed({ pool: database.pool, path: await sharedFeedZip(feed), writeMethod: database.embedded ? 'insert' : 'copy', validate: validateFeed, activate: false })
    if (!result.ok) throw new Error(`${feed} was refused: ${JSON.stringify((result.check as ValidationReport).errors.slice(0, 3))}`)
    const expected = Object.fromEntries(Object.entries(SHARED_FEED_ROWS[feed]!).filter(([file]) => STORED_FILES.has(file)))
    expect(result.rowCounts).toMatchObject(expected) // PROVENANCE.md states the main files; feed_info and the like may be more
    const stored = await storedRows(result.feedId)
    // Derived shapes are added to shapes.txt's table; every other table holds exactly the file's rows
    for (const [file, rows] of Object.entries(expected)) {
      if (file === 'shapes.txt' && result.derivedShapes > 0) expect(stored[file]).toBeGreaterThan(rows)
      else expect(stored[file], file).toBe(rows)
    }
  }, 300_000)

  it('keeps Hebrew intact, and gives the Cairo trips that name shapes it does not ship a shape from their stops', async () => {
    const { rows: hebrew } = await database.pool.query<{ route_long_name: string }>(`SELECT route_long_name FROM gtfs_routes WHERE route_long_name LIKE '%יבנה%'`)
    expect(hebrew.length).toBeGreaterThan(0)
    const { rows: cairo } = await database.pool.query<{ trips: number; derived: number }>(
      `SELECT count(*)::int AS trips, count(*) FILTER (WHERE t.shape_id LIKE 'masar-derived-%')::int AS derived
       FROM gtfs_trips t JOIN feeds f USING (feed_id) WHERE f.source LIKE '%cairo-tfc-2018%'`,
    )
    expect(cairo[0]).toEqual({ trips: 736, derived: 736 })
  })

  it('shows riders the stop code of a stop the feed left unnamed (Dan Be\'er Sheva\'s names were stripped)', async () => {
    const { rows } = await database.pool.query<{ feed_id: number }>(`SELECT feed_id FROM feeds WHERE source LIKE '%israel-dan-beersheva%' AND status = 'ready'`)
    const schedule = await loadSchedule(database.pool, rows[0]!.feed_id)
    const stops = [...schedule.stops.values()]
    expect(stops).toHaveLength(551)
    expect(stops.every((stop) => stop.name !== '' && stop.name === (stop.code ?? stop.stopId))).toBe(true)
  })
})
