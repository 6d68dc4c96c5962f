import type pg from 'pg'
import type { DayType, SegmentStatsRow, SegmentTraversal } from './prediction-types.js'

/** Traversals stored in batches (one statement per batch); a repeat (same trip, day, from-stop, departure) is kept once. */
const INSERT = `
INSERT INTO segment_traversals (feed_id, vehicle_id, route_id, trip_id, service_date, from_stop_id, to_stop_id, from_stop_index, departed_at, arrived_at, dwell_s, day_type, hour_of_day)
SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::int[], $9::timestamptz[], $10::timestamptz[], $11::real[], $12::text[], $13::smallint[])
ON CONFLICT DO NOTHING`

/**
 * The hourly statistics since a time, added up over the hours: one row per segment, day type and local hour.
 * segment_stats_hourly is a continuous aggregate on TimescaleDB (recent hours read live) and a view elsewhere.
 */
const STATS_SINCE = `
SELECT from_stop_id, to_stop_id, day_type, hour_of_day::int AS hour_of_day,
       sum(traversals)::float8 AS traversals,
       sum(running_sum_s)::float8 AS running_sum_s,
       sum(running_sum_sq_s)::float8 AS running_sum_sq_s,
       sum(dwells)::float8 AS dwells,
       coalesce(sum(dwell_sum_s), 0)::float8 AS dwell_sum_s,
       coalesce(sum(dwell_sum_sq_s), 0)::float8 AS dwell_sum_sq_s
FROM segment_stats_hourly
WHERE hour >= $1
GROUP BY from_stop_id, to_stop_id, day_type, hour_of_day
ORDER BY from_stop_id, to_stop_id, day_type, hour_of_day`

interface StatsRow {
  from_stop_id: string
  to_stop_id: string
  day_type: DayType
  hour_of_day: number
  traversals: number
  running_sum_s: number
  running_sum_sq_s: number
  dwells: number
  dwell_sum_s: number
  dwell_sum_sq_s: number
}

export async function insertSegmentTraversals(pool: pg.Pool, traversals: readonly SegmentTraversal[]): Promise<number> {
  if (traversals.length === 0) return 0
  const column = <T>(pick: (t: SegmentTraversal) => T) => traversals.map(pick)
  const { rowCount } = await pool.query(INSERT, [
    column((t) => t.feedId), column((t) => t.vehicleId), column((t) => t.routeId), column((t) => t.tripId), column((t) => t.serviceDate),
    column((t) => t.fromStopId), column((t) => t.toStopId), column((t) => t.fromStopIndex), column((t) => new Date(t.departedAtMs)),
    column((t) => new Date(t.arrivedAtMs)), column((t) => t.dwellS), column((t) => t.dayType), column((t) => t.hourOfDay),
  ])
  return rowCount ?? 0
}

function toStats(row: StatsRow): SegmentStatsRow {
  return {
    fromStopId: row.from_stop_id, toStopId: row.to_stop_id, dayType: row.day_type, hourOfDay: row.hour_of_day, traversals: row.traversals,
    runningSumS: row.running_sum_s, runningSumSqS: row.running_sum_sq_s, dwells: row.dwells, dwellSumS: row.dwell_sum_s, dwellSumSqS: row.dwell_sum_sq_s,
  }
}

/** Statistics of the hours starting at or after `sinceMs` (an hour that began earlier is left out whole). */
export async function readSegmentStats(pool: pg.Pool, sinceMs: number): Promise<SegmentStatsRow[]> {
  const { rows } = await pool.query<StatsRow>(STATS_SINCE, [new Date(sinceMs)])
  return rows.map(toStats)
}
