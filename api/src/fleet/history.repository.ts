import type pg from 'pg'

/**
 * A vehicle's stored track between two instants. Short ranges come back fix by fix; longer ones are downsampled
 * to one point per bucket (the bucket's last fix) with TimescaleDB's time_bucket, or date_bin on plain PostgreSQL,
 * so a day of a bus fits in a response.
 */
export interface HistoryPoint {
  at: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
}

const RAW = `
SELECT recorded_at, lat, lon, speed_mps, bearing_deg FROM vehicle_positions
WHERE vehicle_id = $1 AND recorded_at >= $2 AND recorded_at < $3 ORDER BY recorded_at LIMIT $4`

const bucketed = (bucket: 'time_bucket' | 'date_bin') => `
SELECT DISTINCT ON (b) b, recorded_at, lat, lon, speed_mps, bearing_deg FROM (
  SELECT ${bucket === 'time_bucket' ? 'time_bucket($4::interval, recorded_at)' : "date_bin($4::interval, recorded_at, '2000-01-01')"} AS b, *
  FROM vehicle_positions WHERE vehicle_id = $1 AND recorded_at >= $2 AND recorded_at < $3
) fixes ORDER BY b, recorded_at DESC LIMIT $5`

export async function hasTimescale(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)
  return rows.length > 0
}

interface Row {
  recorded_at: Date
  lat: number
  lon: number
  speed_mps: number | null
  bearing_deg: number | null
}

/**
 * At most `limit` points, fix by fix or bucket by bucket alike (a bucket of one second over 31 days would be
 * every fix, hundreds of thousands of rows): the first ones of the range, and whether there were more.
 */
export async function readHistory(db: pg.Pool, options: { vehicleId: string; fromMs: number; toMs: number; bucketS: number | null; timescale: boolean; limit: number }): Promise<{ points: HistoryPoint[]; truncated: boolean }> {
  const range = [options.vehicleId, new Date(options.fromMs), new Date(options.toMs)]
  const oneMore = options.limit + 1
  const { rows } = options.bucketS === null
    ? await db.query<Row>(RAW, [...range, oneMore])
    : await db.query<Row>(bucketed(options.timescale ? 'time_bucket' : 'date_bin'), [...range, `${options.bucketS} seconds`, oneMore])
  const truncated = rows.length > options.limit
  const points = (truncated ? rows.slice(0, options.limit) : rows).map((r) => ({ at: r.recorded_at.toISOString(), lat: r.lat, lon: r.lon, speedMps: r.speed_mps, bearingDeg: r.bearing_deg }))
  return { points, truncated }
}
