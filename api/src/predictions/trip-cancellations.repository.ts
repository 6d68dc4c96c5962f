import type pg from 'pg'

/** A trip a dispatcher took out of service for one service day. */
export interface TripCancellation {
  tripId: string
  serviceDate: string
  reason: string
  cancelledBy: string
  cancelledAtMs: number
}

const COLUMNS = `trip_id, to_char(service_date, 'YYYY-MM-DD') AS service_date, reason, cancelled_by, cancelled_at`

const READ = `SELECT ${COLUMNS} FROM trip_cancellations WHERE service_date = ANY($1::date[]) ORDER BY service_date, trip_id`

/** Cancelling again replaces the reason, who and when: the latest decision is the one shown. */
const CANCEL = `
INSERT INTO trip_cancellations (trip_id, service_date, reason, cancelled_by) VALUES ($1, $2, $3, $4)
ON CONFLICT (trip_id, service_date) DO UPDATE SET reason = excluded.reason, cancelled_by = excluded.cancelled_by, cancelled_at = excluded.cancelled_at
RETURNING ${COLUMNS}`

const RESTORE = `DELETE FROM trip_cancellations WHERE trip_id = $1 AND service_date = $2`

interface CancellationRow {
  trip_id: string
  service_date: string
  reason: string
  cancelled_by: string
  cancelled_at: Date
}

function toCancellation(row: CancellationRow): TripCancellation {
  return { tripId: row.trip_id, serviceDate: row.service_date, reason: row.reason, cancelledBy: row.cancelled_by, cancelledAtMs: row.cancelled_at.getTime() }
}

/** The cancellations of the given service days (YYYY-MM-DD). */
export async function readTripCancellations(pool: pg.Pool, serviceDates: readonly string[]): Promise<TripCancellation[]> {
  if (serviceDates.length === 0) return []
  const { rows } = await pool.query<CancellationRow>(READ, [serviceDates])
  return rows.map(toCancellation)
}

export async function cancelTrip(
  pool: pg.Pool,
  cancellation: { tripId: string; serviceDate: string; reason: string; cancelledBy: string },
): Promise<TripCancellation> {
  const { tripId, serviceDate, reason, cancelledBy } = cancellation
  const { rows } = await pool.query<CancellationRow>(CANCEL, [tripId, serviceDate, reason, cancelledBy])
  return toCancellation(rows[0]!)
}

/** Puts a cancelled trip back in service; false when it was not cancelled. */
export async function restoreTrip(pool: pg.Pool, tripId: string, serviceDate: string): Promise<boolean> {
  const { rowCount } = await pool.query(RESTORE, [tripId, serviceDate])
  return (rowCount ?? 0) > 0
}
