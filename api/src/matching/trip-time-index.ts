import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { ServiceDay } from './service-days.js'

/**
 * The trips of each shape in order of first departure, to find those a vehicle could be running at a time without
 * looking at every trip: a binary search on departures, bounded by the shape's longest trip.
 */
interface ShapeTrips {
  trips: ScheduleTrip[]
  departuresS: Int32Array
  longestS: number
}

export interface TimeWindow {
  /** A trip is running from its departure minus waitS (waiting at its first stop)... */
  waitS: number
  /** ...to its arrival plus lateS. */
  lateS: number
}

export class TripTimeIndex {
  readonly #byShape = new Map<string, ShapeTrips>()

  constructor(trips: Iterable<ScheduleTrip>) {
    const grouped = new Map<string, ScheduleTrip[]>()
    for (const trip of trips) {
      if (trip.shapeId === null || trip.stopIds.length < 2 || Number.isNaN(trip.distancesM[0] ?? Number.NaN)) continue
      const list = grouped.get(trip.shapeId)
      if (list) list.push(trip)
      else grouped.set(trip.shapeId, [trip])
    }
    for (const [shapeId, list] of grouped) {
      list.sort((a, b) => a.departures[0]! - b.departures[0]!)
      const longestS = Math.max(...list.map((t) => t.arrivals[t.arrivals.length - 1]! - t.departures[0]!))
      this.#byShape.set(shapeId, { trips: list, departuresS: Int32Array.from(list, (t) => t.departures[0]!), longestS })
    }
  }

  /** The trips on a shape whose service runs that day and whose window contains tSec (seconds since the day's origin). */
  running(shapeId: string, day: ServiceDay, tSec: number, window: TimeWindow): ScheduleTrip[] {
    const entry = this.#byShape.get(shapeId)
    if (!entry) return []
    const earliest = tSec - entry.longestS - window.lateS
    let low = 0
    let high = entry.departuresS.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (entry.departuresS[mid]! < earliest) low = mid + 1
      else high = mid
    }
    const found: ScheduleTrip[] = []
    for (let i = low; i < entry.trips.length && entry.departuresS[i]! <= tSec + window.waitS; i++) {
      const trip = entry.trips[i]!
      if (trip.arrivals[trip.arrivals.length - 1]! + window.lateS >= tSec && day.services.has(trip.serviceId)) found.push(trip)
    }
    return found
  }
}
