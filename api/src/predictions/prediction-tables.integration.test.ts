import { createRandom } from '@masar/model/random/seeded-random'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summariseOutcomes, type AccuracyTable } from './accuracy-table.js'
import { insertPredictionOutcomes, readAccuracyTable } from './prediction-outcomes.repository.js'
import { PREDICTION_METHODS, type PredictionOutcome, type SegmentStatsRow, type SegmentTraversal } from './prediction-types.js'
import { insertSegmentTraversals, readSegmentStats } from './segment-traversals.repository.js'
import { cancelTrip, readTripCancellations, restoreTrip } from './trip-cancellations.repository.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Three days of traversals of two segments in two UTC hours, whole seconds; day 1 is a weekend day. */
function traversalsFrom(baseMs: number): SegmentTraversal[] {
  const traversals: SegmentTraversal[] = []
  for (let day = 0; day < 3; day++) {
    for (let hour = 0; hour < 2; hour++) {
      for (const [segment, [fromStopId, toStopId]] of [['S1', 'S2'], ['S2', 'S3']].entries()) {
        for (let k = 0; k < 3; k++) {
          const departedAtMs = baseMs - day * DAY + hour * HOUR + k * 10 * MINUTE + segment * 2 * MINUTE
          traversals.push({
            feedId: 1, vehicleId: `bus-${k}`, routeId: 'R1', tripId: `T-${day}-${hour}-${k}`, serviceDate: isoDate(departedAtMs),
            fromStopId: fromStopId!, toStopId: toStopId!, fromStopIndex: segment + 1, departedAtMs,
            arrivedAtMs: departedAtMs + (60 + 7 * k + 13 * day + 5 * hour + segment) * 1000,
            dwellS: k === 2 ? null : 10 + k + day,
            dayType: day === 1 ? 'weekend-1' : 'weekday', hourOfDay: (new Date(departedAtMs).getUTCHours() + 3) % 24,
          })
        }
      }
    }
  }
  return traversals
}

/** The statistics computed here from the traversals, as readSegmentStats should give them. */
function expectedStats(traversals: readonly SegmentTraversal[]): SegmentStatsRow[] {
  const byKey = new Map<string, SegmentStatsRow>()
  for (const t of traversals) {
    const key = [t.fromStopId, t.toStopId, t.dayType, String(t.hourOfDay).padStart(2, '0')].join('|')
    const row = byKey.get(key) ?? {
      fromStopId: t.fromStopId, toStopId: t.toStopId, dayType: t.dayType, hourOfDay: t.hourOfDay,
      traversals: 0, runningSumS: 0, runningSumSqS: 0, dwells: 0, dwellSumS: 0, dwellSumSqS: 0,
    }
    const runningS = (t.arrivedAtMs - t.departedAtMs) / 1000
    row.traversals += 1
    row.runningSumS += runningS
    row.runningSumSqS += runningS * runningS
    if (t.dwellS !== null) {
      row.dwells += 1
      row.dwellSumS += t.dwellS
      row.dwellSumSqS += t.dwellS * t.dwellS
    }
    byKey.set(key, row)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row)
}

/**
 * About 200 outcomes with known horizons and errors, including the bucket and tolerance edges. 'schedule' has no
 * 10–15 min predictions (so no benchmark score) and 'learned' none beyond 15 min (an empty bucket).
 */
function outcomesFrom(nowMs: number, count: number): PredictionOutcome[] {
  const random = createRandom(6) // seeded, so a failure can be replayed
  const edgeHorizonsMs = [0, 3 * MINUTE, 6 * MINUTE - 1, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, -MINUTE]
  const edgeErrorsMs = [-30_000, 90_000, -60_000, 150_000, 0, 270_000, -90_000, -30_001, 90_001]
  const outcomes: PredictionOutcome[] = []
  for (let i = 0; i < count; i++) {
    const method = PREDICTION_METHODS[i % PREDICTION_METHODS.length]!
    let horizonMs = i < edgeHorizonsMs.length * 3 ? edgeHorizonsMs[Math.floor(i / 3)]! : Math.round(random() * 33 * MINUTE)
    if (method === 'schedule' && horizonMs >= 10 * MINUTE && horizonMs < 15 * MINUTE) horizonMs += 5 * MINUTE
    if (method === 'learned' && horizonMs >= 15 * MINUTE) horizonMs = 2 * MINUTE
    const errorMs = i % 5 === 0 ? edgeErrorsMs[(i / 5) % edgeErrorsMs.length]! : Math.round((random() * 2 - 1) * 400_000)
    const madeAtMs = nowMs - Math.round(random() * 20 * HOUR)
    const predictedMs = madeAtMs + horizonMs
    const actualMs = predictedMs + errorMs
    const lowMs = i % 7 === 0 ? actualMs : predictedMs - Math.round(random() * 120_000) // the range is inclusive
    const highMs = Math.max(lowMs, predictedMs + Math.round(random() * 180_000))
    outcomes.push({
      method, vehicleId: `bus-${i % 11}`, tripId: `T${i}`, serviceDate: isoDate(madeAtMs), stopId: `S${i % 13}`, stopIndex: 1 + (i % 20),
      madeAtMs, predictedMs, actualMs, lowMs, highMs,
    })
  }
  return outcomes
}

/** The expected table with every number replaced by "within 1e-6 of it". */
function approximately(table: AccuracyTable): unknown {
  const close = (value: number | null) => (value === null ? null : expect.closeTo(value, 6))
  return {
    rows: table.rows.map((row) => ({
      ...row, maeS: close(row.maeS), p50AbsErrorS: close(row.p50AbsErrorS), p90AbsErrorS: close(row.p90AbsErrorS),
      earlyShare: close(row.earlyShare), benchmarkShare: close(row.benchmarkShare), withinRangeShare: close(row.withinRangeShare),
    })),
    benchmarkScore: Object.fromEntries(Object.entries(table.benchmarkScore).map(([method, score]) => [method, close(score ?? null)])),
  }
}

describe(`prediction tables on ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded TimescaleDB'}`, () => {
  const baseMs = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR
  const sinceMs = baseMs - 5 * DAY
  const traversals = traversalsFrom(baseMs)
  const tooOld: SegmentTraversal = { ...traversals[0]!, tripId: 'T-old', departedAtMs: sinceMs - HOUR, arrivedAtMs: sinceMs - HOUR + 60_000 }

  it('stores traversals once and sums them by segment, day type and local hour', async () => {
    expect(await insertSegmentTraversals(database.pool, [...traversals, tooOld])).toBe(traversals.length + 1)
    expect(await insertSegmentTraversals(database.pool, traversals.slice(0, 5))).toBe(0) // repeats are kept once
    expect(await insertSegmentTraversals(database.pool, [])).toBe(0)
    const { rows } = await database.pool.query<{ running_s: number }>(`SELECT running_s FROM segment_traversals WHERE trip_id = 'T-old'`)
    expect(rows).toEqual([{ running_s: 60 }])
    // On TimescaleDB nothing is materialised yet: the continuous aggregate reads it all from the raw rows.
    expect(await readSegmentStats(database.pool, sinceMs)).toEqual(expectedStats(traversals))
    expect(await readSegmentStats(database.pool, sinceMs - DAY)).toEqual(expectedStats([...traversals, tooOld]))
  })

  it('serves the same statistics from the materialised aggregate, and late rows after the next refresh', async (context) => {
    if (!database.timescale) {
      context.skip(true, 'plain PostgreSQL: segment_stats_hourly is a view, always current')
      return
    }
    await database.pool.query(`CALL refresh_continuous_aggregate('segment_stats_hourly', NULL, NULL)`)
    const { rows: views } = await database.pool.query<{ name: string }>(
      `SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS name
       FROM timescaledb_information.continuous_aggregates WHERE view_name = 'segment_stats_hourly'`,
    )
    const { rows: materialised } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${views[0]!.name}`)
    expect(materialised[0]!.n).toBeGreaterThan(0)
    expect(await readSegmentStats(database.pool, sinceMs)).toEqual(expectedStats(traversals))

    // The refresh policy, run as the embedded job runner runs it, first catches up to the last complete hour.
    const { rows: jobs } = await database.pool.query<{ job_id: number }>(
      // The job names the aggregate's materialization hypertable up to TimescaleDB 2.17 (the compose file's server)
      // and the aggregate itself later (the embedded 2.23): match either.
      `SELECT j.job_id FROM timescaledb_information.jobs j
       JOIN timescaledb_information.continuous_aggregates c ON (j.hypertable_schema, j.hypertable_name)
         IN ((c.view_schema, c.view_name), (c.materialization_hypertable_schema, c.materialization_hypertable_name))
       WHERE j.proc_name = 'policy_refresh_continuous_aggregate' AND c.view_name = 'segment_stats_hourly'`,
    )
    expect(jobs).toHaveLength(1)
    const runRefreshPolicy = () => database.pool.query(`CALL run_job(${Number(jobs[0]!.job_id)})`)
    await runRefreshPolicy()
    expect(await readSegmentStats(database.pool, sinceMs)).toEqual(expectedStats(traversals))

    // A traversal reported late, into an hour already materialised: real-time aggregation reads only the hours
    // past the materialised ones, so it counts once the refresh policy has run again (every 15 min).
    const late: SegmentTraversal = { ...traversals[0]!, tripId: 'T-late', arrivedAtMs: traversals[0]!.departedAtMs + 200_000 }
    expect(await insertSegmentTraversals(database.pool, [late])).toBe(1)
    expect(await readSegmentStats(database.pool, sinceMs)).toEqual(expectedStats(traversals))
    await runRefreshPolicy()
    expect(await readSegmentStats(database.pool, sinceMs)).toEqual(expectedStats([...traversals, late]))

    // Compressed chunks still read, and still keep a repeat once.
    await database.pool.query(`SELECT compress_chunk(c) FROM show_chunks('segment_traversals') AS c`)
    expect(await insertSegmentTraversals(database.pool, [late, traversals[1]!])).toBe(0)
    const { rows: counts } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM segment_traversals')
    expect(counts[0]!.n).toBe(traversals.length + 2)
  })

  it('computes the accuracy table in SQL exactly as summariseOutcomes does', async () => {
    const nowMs = Date.now()
    const outcomes = outcomesFrom(nowMs, 210)
    const before = outcomesFrom(nowMs - 3 * DAY, 6).map((o) => ({ ...o, tripId: `${o.tripId}-before` }))
    expect(await insertPredictionOutcomes(database.pool, [...outcomes, ...before])).toBe(outcomes.length + before.length)
    expect(await insertPredictionOutcomes(database.pool, outcomes.slice(0, 20))).toBe(0) // a repeat is kept once

    const expected = summariseOutcomes(outcomes, PREDICTION_METHODS)
    // what the data is meant to exercise: full buckets, an empty one, a method without a benchmark score
    expect(expected.rows).toHaveLength(PREDICTION_METHODS.length * 5)
    expect(expected.rows.find((r) => r.method === 'kalman' && r.bucket === '0-3')!.count).toBeGreaterThan(5)
    expect(expected.rows.find((r) => r.method === 'learned' && r.bucket === '15-30')!.count).toBe(0)
    expect(expected.benchmarkScore).toMatchObject({ schedule: null, learned: expect.any(Number), kalman: expect.any(Number) })

    const actual = await readAccuracyTable(database.pool, nowMs - DAY)
    expect(actual).toEqual(approximately(expected))
    expect(await readAccuracyTable(database.pool, nowMs - 4 * DAY)).toEqual(approximately(summariseOutcomes([...outcomes, ...before], PREDICTION_METHODS)))

    const { rows } = await database.pool.query<{ horizon_s: number; error_s: number }>(
      `SELECT horizon_s, error_s FROM prediction_outcomes WHERE trip_id = $1`, [outcomes[3]!.tripId],
    )
    expect(rows).toEqual([{ horizon_s: (outcomes[3]!.predictedMs - outcomes[3]!.madeAtMs) / 1000, error_s: (outcomes[3]!.actualMs - outcomes[3]!.predictedMs) / 1000 }])
  })

  it('gives a table of empty rows when nothing was predicted', async () => {
    const table = await readAccuracyTable(database.pool, Date.now() + DAY)
    expect(table).toEqual(summariseOutcomes([], PREDICTION_METHODS))
  })

  it('cancels a trip for one service day and restores it', async () => {
    const first = await cancelTrip(database.pool, { tripId: 'T1', serviceDate: '2025-05-01', reason: 'breakdown', cancelledBy: 'dispatcher-1' })
    expect(first).toMatchObject({ tripId: 'T1', serviceDate: '2025-05-01', reason: 'breakdown', cancelledBy: 'dispatcher-1' })
    expect(Math.abs(first.cancelledAtMs - Date.now())).toBeLessThan(60_000)
    await cancelTrip(database.pool, { tripId: 'T2', serviceDate: '2025-05-02', reason: 'no driver', cancelledBy: 'dispatcher-2' })
    await cancelTrip(database.pool, { tripId: 'T1', serviceDate: '2025-05-01', reason: 'bus off the road', cancelledBy: 'dispatcher-3' })

    expect(await readTripCancellations(database.pool, ['2025-05-01'])).toEqual([
      { tripId: 'T1', serviceDate: '2025-05-01', reason: 'bus off the road', cancelledBy: 'dispatcher-3', cancelledAtMs: expect.any(Number) },
    ])
    expect((await readTripCancellations(database.pool, ['2025-05-02', '2025-05-01'])).map((c) => c.tripId)).toEqual(['T1', 'T2'])
    expect(await readTripCancellations(database.pool, [])).toEqual([])

    expect(await restoreTrip(database.pool, 'T1', '2025-05-01')).toBe(true)
    expect(await restoreTrip(database.pool, 'T1', '2025-05-01')).toBe(false)
    expect(await restoreTrip(database.pool, 'T2', '2025-05-01')).toBe(false) // another day's cancellation stays
    expect((await readTripCancellations(database.pool, ['2025-05-01', '2025-05-02'])).map((c) => c.tripId)).toEqual(['T2'])
  })
})
