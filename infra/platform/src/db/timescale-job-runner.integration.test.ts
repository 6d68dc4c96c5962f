import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTimescaleJobRunner } from '@masar/embedded/timescale-job-runner'
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

const INSERT_DAY = `
INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon, speed_mps)
SELECT 'bus-' || (i % 5), now() - make_interval(days => $1) + make_interval(secs => i), now(), 'gam', 31.95 + i * 1e-5, 35.91, 8
FROM generate_series(1, 500) AS i`

describe('TimescaleDB storage policies, run by the embedded job runner', () => {
  it('compresses old chunks, drops expired ones, and reads compressed rows back intact', async (context) => {
    if (!database.timescale) {
      context.skip(true, 'plain PostgreSQL has no TimescaleDB policies (the schema is the same without them)')
      return
    }
    for (const daysAgo of [40, 3, 0]) await database.pool.query(INSERT_DAY, [daysAgo])
    const before = await database.pool.query<{ sum: number }>(`SELECT sum(lat)::float8 AS sum FROM vehicle_positions WHERE recorded_at > now() - interval '10 days'`)

    const runner = startTimescaleJobRunner({ pool: database.pool, intervalMs: 3_600_000, onError: (err) => { throw err } })
    try {
      // positions: compression and retention; rejects: retention; stop events: compression and retention; segment
      // traversals and prediction outcomes: compression and retention each; the hourly segment statistics: refresh
      expect(await runner.runDueJobs()).toBe(10)
      expect(await runner.runDueJobs()).toBe(0) // not due again until their schedule interval has passed
    } finally {
      runner.stop()
    }

    const { rows: counts } = await database.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM vehicle_positions')
    expect(counts[0]?.count).toBe(1000) // the 40-day-old day is past the 30-day retention
    const { rows: chunks } = await database.pool.query<{ compressed: number }>(
      `SELECT count(*) FILTER (WHERE is_compressed)::int AS compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'vehicle_positions'`,
    )
    expect(chunks[0]?.compressed).toBeGreaterThanOrEqual(1)
    const after = await database.pool.query<{ sum: number }>(`SELECT sum(lat)::float8 AS sum FROM vehicle_positions WHERE recorded_at > now() - interval '10 days'`)
    expect(after.rows[0]?.sum).toBeCloseTo(before.rows[0]?.sum ?? NaN, 6)
    const { rows: latest } = await database.pool.query<{ vehicle_id: string }>('SELECT vehicle_id FROM vehicle_latest ORDER BY vehicle_id')
    expect(latest).toEqual([]) // vehicle_latest lists registered vehicles; these rows came in without ingest
  })
})
