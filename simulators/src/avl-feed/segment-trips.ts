import type { Fix, VehicleTrack } from './clean-fixes.js'
import type { DirectionPattern } from './order-stations.js'

/** A bus's time at one station of a trip: every fix while it reported that station. */
export interface StationVisit {
  stationIndex: number
  fixes: Fix[]
  /** The trip's fix just before the first one of this visit (the station changed in between); null on the first visit. */
  before: Fix | null
  /** The trip's fix just after the last one of this visit; null on the last visit. */
  after: Fix | null
}

/** One bus's run along one direction: visits in increasing station order. */
export interface ObservedTrip {
  vehicleId: string
  direction: string
  visits: StationVisit[]
}

export interface SegmentOptions {
  /** A silence longer than this ends a trip. */
  maxGapMs: number
  /** Jumping over more stations than this between two reports ends a trip (the bus was not followed). */
  maxStationsSkipped: number
  /** Trips reaching fewer stations than this are not kept. */
  minStations: number
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = { maxGapMs: 10 * 60_000, maxStationsSkipped: 4, minStations: 3 }

/**
 * Cuts each bus's reports into trips by what the bus says: a trip goes on while the reported direction stays and
 * the reported station moves forward along that direction's order. It ends at a change of direction (the terminal
 * turn), a station behind the last one (a new trip, or a wrong label), a station the direction does not serve, a
 * long silence, or a jump over many stations.
 */
export function segmentTrips(tracks: readonly VehicleTrack[], patterns: readonly DirectionPattern[], options: SegmentOptions = DEFAULT_SEGMENT_OPTIONS): ObservedTrip[] {
  const indexes = new Map(patterns.map((p) => [p.direction, new Map(p.stopIds.map((id, i) => [id, i]))]))
  const trips: ObservedTrip[] = []
  for (const track of tracks) {
    let trip: ObservedTrip | null = null
    let last: Fix | null = null
    const finish = () => {
      if (trip && trip.visits.length >= options.minStations) trips.push(trip)
      trip = null
    }
    for (const fix of track.fixes) {
      const index = fix.direction === undefined || fix.stopId === undefined ? undefined : indexes.get(fix.direction)?.get(fix.stopId)
      const current = trip as ObservedTrip | null
      const visit = current?.visits.at(-1)
      const continues = current !== null && visit !== undefined && last !== null && index !== undefined && current.direction === fix.direction
        && fix.atMs - last.atMs <= options.maxGapMs && index >= visit.stationIndex && index - visit.stationIndex <= options.maxStationsSkipped + 1
      if (continues && index === visit.stationIndex) {
        visit.fixes.push(fix)
      } else if (continues) {
        visit.after = fix
        current.visits.push({ stationIndex: index, fixes: [fix], before: last, after: null })
      } else {
        finish()
        if (index !== undefined) trip = { vehicleId: track.vehicleId, direction: fix.direction!, visits: [{ stationIndex: index, fixes: [fix], before: null, after: null }] }
      }
      last = fix
    }
    finish()
  }
  return trips
}
