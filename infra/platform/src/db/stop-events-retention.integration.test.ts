import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, TEST_POLICIES, type TestDatabase } from '../testing/test-database.js'
import { migrate } from './migrate.js'

// Issue #17: stop events (vehicle ids with times, linkable to drivers) were never deleted. They are now kept
// STOP_EVENTS_RETENTION_DAYS (TEST_POLICIES: 90), like positions: a retention policy on TimescaleDB, and on plain
// PostgreSQL masar_delete_expired_rows(), which `npm run migrate` runs (and cron daily).
let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

const INSERT_STOP_EVENTS = `
INSERT INTO stop_events (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, observed)
SELECT 'bus-' || i, 'trip-' || i, 'route-1', (now() - make_interval(days => $1))::date, 'stop-1', 1,
       now() - make_interval(days => $1) + make_interval(secs => i), now() - make_interval(days => $1) + make_interval(secs => i + 20), true
FROM generate_series(1, $2::int) AS i`

const INSERT_TRAVERSALS = `
INSERT INTO segment_traversals (vehicle_id, route_id, trip_id, service_date, from_stop_id, to_stop_id, from_stop_index, departed_at, arrived_at, day_type, hour_of_day)
SELECT 'bus-' || i, 'route-1', 'trip-' || i, (now() - make_interval(days => $1))::date, 'stop-1', 'stop-2', 1,
       now() - make_interval(days => $1) + make_interval(secs => i), now() - make_interval(days => $1) + make_interval(secs => i + 60), 'weekday', 8
FROM generate_series(1, 3) AS i`

const INSERT_OUTCOMES = `
INSERT INTO prediction_outcomes (method, vehicle_id, trip_id, service_date, stop_id, stop_index, made_at, predicted_at, actual_at, low_at, high_at)
SELECT 'learned', 'bus-' || i, 'trip-' || i, (now() - make_interval(days => $1))::date, 'stop-1', 1,
       now() - make_interval(days => $1), now() - make_interval(days => $1) + interval '5 min', now() - make_interval(days => $1) + interval '6 min',
       now() - make_interval(days => $1) + interval '4 min', now() - make_interval(days => $1) + interval '7 min'
FROM generate_series(1, 3) AS i`

async function countOlderThan(table: string, column: string, days: number): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} < now() - make_interval(days => $1)`, [days])
  return rows[0]?.n ?? NaN
}

/** What deletes expired rows on this database: TimescaleDB's retention jobs, or the plain PostgreSQL routine. */
async function runRetention(): Promise<void> {
  if (!database.timescale) {
    await migrate(database.pool, { timescale: 'auto', policies: TEST_POLICIES }) // npm run migrate
    return
  }
  const { rows: jobs } = await database.pool.query<{ job_id: number }>(
    `SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name IN ('stop_events', 'segment_traversals', 'prediction_outcomes')`,
  )
  expect(jobs).toHaveLength(3)
  for (const { job_id: jobId } of jobs) await database.pool.query(`CALL run_job(${Number(jobId)})`)
}

describe(`retention of stop events and prediction history (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded TimescaleDB'})`, () => {
  it('deletes stop events older than STOP_EVENTS_RETENTION_DAYS and keeps the recent ones', async () => {
    await database.pool.query(INSERT_STOP_EVENTS, [200, 40]) // past the 90 days, in a chunk of its own
    await database.pool.query(INSERT_STOP_EVENTS, [10, 25])
    await database.pool.query(INSERT_TRAVERSALS, [200])
    await database.pool.query(INSERT_TRAVERSALS, [10])
    await database.pool.query(INSERT_OUTCOMES, [60])
    await database.pool.query(INSERT_OUTCOMES, [1])
    expect(await countOlderThan('stop_events', 'arrival_at', TEST_POLICIES.stopEventsRetentionDays)).toBe(40)

    await runRetention()

    expect(await countOlderThan('stop_events', 'arrival_at', TEST_POLICIES.stopEventsRetentionDays)).toBe(0)
    expect(await countOlderThan('stop_events', 'arrival_at', 0)).toBe(25)
    expect(await countOlderThan('segment_traversals', 'departed_at', 120)).toBe(0)
    expect(await countOlderThan('segment_traversals', 'departed_at', 0)).toBe(3)
    expect(await countOlderThan('prediction_outcomes', 'made_at', 30)).toBe(0)
    expect(await countOlderThan('prediction_outcomes', 'made_at', 0)).toBe(3)
  })
})
