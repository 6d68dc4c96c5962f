import type pg from 'pg'
import type { StopEvent } from './detect-stop-events.js'

/**
 * Stop events stored in batches (one statement per batch). A visit is one event: a bus passes a trip's stop once on
 * a service day, so an event for a (trip, service day, stop) already stored is not stored again, whatever its
 * time — a realtime engine taking over matches the last minutes again and finds the same visits, its times
 * interpolated a little differently. The primary key's first three columns serve the check.
 */
const INSERT = `
INSERT INTO stop_events (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, scheduled_arrival_at, delay_s, observed, feed_id)
SELECT DISTINCT ON (e.trip_id, e.service_date, e.stop_index) e.*
FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::boolean[], $12::int[])
  AS e (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, scheduled_arrival_at, delay_s, observed, feed_id)
WHERE NOT EXISTS (SELECT 1 FROM stop_events s WHERE s.trip_id = e.trip_id AND s.service_date = e.service_date AND s.stop_index = e.stop_index)
ORDER BY e.trip_id, e.service_date, e.stop_index, e.arrival_at
ON CONFLICT DO NOTHING`

export interface ScheduledStopEvent extends StopEvent {
  scheduledArrivalMs: number | null
  feedId: number | null
}

export async function insertStopEvents(db: pg.Pool, events: readonly ScheduledStopEvent[]): Promise<number> {
  if (events.length === 0) return 0
  const column = <T>(pick: (e: ScheduledStopEvent) => T) => events.map(pick)
  const { rowCount } = await db.query(INSERT, [
    column((e) => e.vehicleId), column((e) => e.tripId), column((e) => e.routeId), column((e) => e.serviceDate), column((e) => e.stopId), column((e) => e.stopIndex),
    column((e) => new Date(e.arrivalMs)), column((e) => new Date(e.departureMs)), column((e) => (e.scheduledArrivalMs === null ? null : new Date(e.scheduledArrivalMs))),
    column((e) => (e.scheduledArrivalMs === null ? null : Math.round((e.arrivalMs - e.scheduledArrivalMs) / 1000))), column((e) => e.observed), column((e) => e.feedId),
  ])
  return rowCount ?? 0
}
