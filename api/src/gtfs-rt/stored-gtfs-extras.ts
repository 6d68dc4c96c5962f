import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type pg from 'pg'
import type { GtfsExtras } from './conformance/gtfs-extras.js'

/** The conformance checker's static facts for the active feed, from the stored feed and its schedule model. */
export async function readStoredGtfsExtras(db: pg.Pool, schedule: Schedule): Promise<GtfsExtras> {
  const stopSequencesByTrip = new Map<string, number[]>()
  for (const trip of schedule.trips.values()) {
    const tripId = trip.templateTripId ?? trip.tripId // runs of a frequency-based trip share its stop_times
    if (stopSequencesByTrip.has(tripId)) continue
    stopSequencesByTrip.set(tripId, trip.stopSequences ? [...trip.stopSequences] : trip.stopIds.map((_, i) => i + 1))
  }
  const { rows: stops } = await db.query<{ stop_id: string; location_type: number | null }>('SELECT stop_id, location_type FROM gtfs_stops WHERE feed_id = $1', [schedule.feedId])
  const { rows: agencies } = await db.query<{ agency_id: string }>(`SELECT agency_id FROM gtfs_agency WHERE feed_id = $1 AND agency_id <> ''`, [schedule.feedId])
  return {
    stopSequencesByTrip,
    locationTypeByStop: new Map(stops.map((s) => [s.stop_id, s.location_type ?? 0])),
    agencyIds: agencies.length ? new Set(agencies.map((a) => a.agency_id)) : null,
  }
}
