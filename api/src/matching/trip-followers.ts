import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { haversineM } from '@masar/model/geo/polyline'

/**
 * The trips a bus may run after one, for schedules without blocks (many feeds have no block_id; CapMetrics and the
 * Israeli feed among them): those that leave from near where it ends (their first stop within `radiusM` of its last),
 * from a little before its scheduled arrival (a late bus's next trip may be due already) to `withinS` after it.
 * Found once per trip, in order of departure, from an index of trips by their first stop.
 */
export interface FollowerRules {
  radiusM: number
  /** From this many seconds before the trip's arrival... */
  earlierS: number
  /** ...to this many after. */
  withinS: number
}

interface Terminal {
  lat: number
  lon: number
  /** The trips leaving from it, by departure. */
  trips: ScheduleTrip[]
}

export class TripFollowers {
  readonly #terminals: Terminal[]
  readonly #byTrip = new Map<string, readonly ScheduleTrip[]>()

  constructor(private readonly schedule: Schedule, private readonly rules: FollowerRules) {
    const byStop = new Map<string, ScheduleTrip[]>()
    for (const trip of schedule.trips.values()) {
      const first = trip.stopIds[0]
      if (first === undefined || trip.stopIds.length < 2) continue
      const list = byStop.get(first)
      if (list) list.push(trip)
      else byStop.set(first, [trip])
    }
    this.#terminals = []
    for (const [stopId, trips] of byStop) {
      const stop = schedule.stops.get(stopId)
      if (stop) this.#terminals.push({ lat: stop.lat, lon: stop.lon, trips: trips.sort((a, b) => a.departures[0]! - b.departures[0]!) })
    }
  }

  /** The trips that may follow a trip on the same bus, by departure (none for a trip whose last stop is unknown). */
  of(trip: ScheduleTrip): readonly ScheduleTrip[] {
    let followers = this.#byTrip.get(trip.tripId)
    if (followers === undefined) {
      followers = this.#find(trip)
      this.#byTrip.set(trip.tripId, followers)
    }
    return followers
  }

  #find(trip: ScheduleTrip): ScheduleTrip[] {
    const last = this.schedule.stops.get(trip.stopIds[trip.stopIds.length - 1] ?? '')
    if (!last) return []
    const arrivalS = trip.arrivals[trip.arrivals.length - 1]!
    const fromS = arrivalS - this.rules.earlierS
    const toS = arrivalS + this.rules.withinS
    const found: ScheduleTrip[] = []
    for (const terminal of this.#terminals) {
      if (haversineM(last.lat, last.lon, terminal.lat, terminal.lon) > this.rules.radiusM) continue
      for (const next of terminal.trips) {
        const departureS = next.departures[0]!
        if (departureS > toS) break
        if (departureS >= fromS && next !== trip) found.push(next)
      }
    }
    return found.sort((a, b) => a.departures[0]! - b.departures[0]!)
  }
}
