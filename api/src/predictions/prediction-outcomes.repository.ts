import type pg from 'pg'
import type { AccuracyRow, AccuracyTable } from './accuracy-table.js'
import { HORIZON_BUCKETS } from './horizon-buckets.js'
import { PREDICTION_METHODS, type PredictionOutcome } from './prediction-types.js'

/** Outcomes stored in batches (one statement per batch); a repeat (same method, trip, day, stop, time made) is kept once. */
const INSERT = `
INSERT INTO prediction_outcomes (method, vehicle_id, trip_id, service_date, stop_id, stop_index, made_at, predicted_at, actual_at, low_at, high_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
ON CONFLICT DO NOTHING`

/**
 * The accuracy table of accuracy-table.ts (summariseOutcomes), computed in the database. Methods ($1) and horizon
 * buckets ($2–$6) come from PREDICTION_METHODS and HORIZON_BUCKETS; rows come out in their order, every method ×
 * bucket, with count 0 and nulls where there were no predictions. Horizon and error are taken from the timestamps
 * (exact), not from the real-typed horizon_s/error_s columns.
 */
const ACCURACY_SINCE = `
WITH methods AS (
  SELECT * FROM unnest($1::text[]) WITH ORDINALITY AS m(method, method_position)
), buckets AS (
  SELECT * FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[]) WITH ORDINALITY AS b(label, from_min, to_min, early_min, late_min, bucket_position)
), scored AS (
  SELECT o.method, b.label, t.error_s,
         t.error_s BETWEEN -b.early_min * 60 AND b.late_min * 60 AS within_benchmark, -- null outside the benchmark
         o.actual_at BETWEEN o.low_at AND o.high_at AS within_range
  FROM prediction_outcomes o
  CROSS JOIN LATERAL (SELECT extract(epoch FROM o.predicted_at - o.made_at) AS horizon_s, extract(epoch FROM o.actual_at - o.predicted_at) AS error_s) t
  JOIN buckets b ON t.horizon_s >= b.from_min * 60 AND t.horizon_s < b.to_min * 60
  WHERE o.made_at >= $7
), summary AS (
  SELECT method, label, count(*)::int AS n,
         avg(abs(error_s))::float8 AS mae_s,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(error_s)::float8) AS p50_abs_error_s,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(error_s)::float8) AS p90_abs_error_s,
         count(*) FILTER (WHERE error_s < 0)::float8 / count(*) AS early_share,
         avg(within_benchmark::int)::float8 AS benchmark_share,
         count(*) FILTER (WHERE within_range)::float8 / count(*) AS within_range_share
  FROM scored
  GROUP BY method, label
), table_rows AS (
  SELECT m.method_position, b.bucket_position, b.early_min IS NOT NULL AS in_benchmark, coalesce(s.n, 0) AS n,
         s.mae_s, s.p50_abs_error_s, s.p90_abs_error_s, s.early_share, s.benchmark_share, s.within_range_share
  FROM methods m CROSS JOIN buckets b LEFT JOIN summary s ON s.method = m.method AND s.label = b.label
)
SELECT method_position::int, bucket_position::int, n, mae_s, p50_abs_error_s, p90_abs_error_s, early_share, benchmark_share, within_range_share,
       -- the ETA Accuracy Benchmark score: mean of the benchmark buckets, none when one of them is empty
       CASE WHEN bool_and(n > 0) FILTER (WHERE in_benchmark) OVER per_method
            THEN avg(benchmark_share) FILTER (WHERE in_benchmark) OVER per_method END AS benchmark_score
FROM table_rows
WINDOW per_method AS (PARTITION BY method_position)
ORDER BY method_position, bucket_position`

interface AccuracySqlRow {
  method_position: number
  bucket_position: number
  n: number
  mae_s: number | null
  p50_abs_error_s: number | null
  p90_abs_error_s: number | null
  early_share: number | null
  benchmark_share: number | null
  within_range_share: number | null
  benchmark_score: number | null
}

export async function insertPredictionOutcomes(pool: pg.Pool, outcomes: readonly PredictionOutcome[]): Promise<number> {
  if (outcomes.length === 0) return 0
  const column = <T>(pick: (o: PredictionOutcome) => T) => outcomes.map(pick)
  const at = (pick: (o: PredictionOutcome) => number) => column((o) => new Date(pick(o)))
  const { rowCount } = await pool.query(INSERT, [
    column((o) => o.method), column((o) => o.vehicleId), column((o) => o.tripId), column((o) => o.serviceDate), column((o) => o.stopId), column((o) => o.stopIndex),
    at((o) => o.madeAtMs), at((o) => o.predictedMs), at((o) => o.actualMs), at((o) => o.lowMs), at((o) => o.highMs),
  ])
  return rowCount ?? 0
}

function toAccuracyRow(row: AccuracySqlRow): AccuracyRow {
  return {
    method: PREDICTION_METHODS[row.method_position - 1]!, bucket: HORIZON_BUCKETS[row.bucket_position - 1]!.label, count: row.n,
    maeS: row.mae_s, p50AbsErrorS: row.p50_abs_error_s, p90AbsErrorS: row.p90_abs_error_s,
    earlyShare: row.early_share, benchmarkShare: row.benchmark_share, withinRangeShare: row.within_range_share,
  }
}

/** Accuracy of the predictions made since `sinceMs`, by method and horizon bucket (as summariseOutcomes computes it). */
export async function readAccuracyTable(pool: pg.Pool, sinceMs: number): Promise<AccuracyTable> {
  const bucketColumn = <T>(pick: (b: (typeof HORIZON_BUCKETS)[number]) => T) => HORIZON_BUCKETS.map(pick)
  const { rows } = await pool.query<AccuracySqlRow>(ACCURACY_SINCE, [
    PREDICTION_METHODS, bucketColumn((b) => b.label), bucketColumn((b) => b.fromMin), bucketColumn((b) => b.toMin),
    bucketColumn((b) => b.earlyMin), bucketColumn((b) => b.lateMin), new Date(sinceMs),
  ])
  const benchmarkScore: AccuracyTable['benchmarkScore'] = {}
  for (const row of rows) benchmarkScore[PREDICTION_METHODS[row.method_position - 1]!] = row.benchmark_score
  return { rows: rows.map(toAccuracyRow), benchmarkScore }
}
