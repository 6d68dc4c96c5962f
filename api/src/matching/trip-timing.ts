import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'

/**
 * Where a trip's timetable says a vehicle should be when: at a distance along the trip, the scheduled time (an
 * interval while it dwells at a stop), hence how late the vehicle runs. At the first stop a vehicle before its
 * departure time is waiting, not early. Times are seconds since the service day's origin.
 */
export interface TripTiming {
  /** Positive: late. */
  deviationS: number
  /** At the first stop before its departure: seconds until it. */
  waitingS: number
  /** At the first or the last stop. */
  atTerminal: boolean
}

/** The last stop at or before a distance (0 before the first). */
export function stopIndexBefore(trip: ScheduleTrip, alongM: number): number {
  const d = trip.distancesM
  let low = 0
  let high = d.length - 1
  if (alongM >= d[high]!) return high
  while (high - low > 1) {
    const mid = (low + high) >> 1
    if (d[mid]! <= alongM) low = mid
    else high = mid
  }
  return low
}

function deviationFrom(tSec: number, fromS: number, toS: number): number {
  if (tSec < fromS) return tSec - fromS
  return tSec > toS ? tSec - toS : 0
}

export function timingAt(trip: ScheduleTrip, alongM: number, tSec: number, atStopM: number): TripTiming {
  const d = trip.distancesM
  const last = d.length - 1
  if (alongM <= d[0]! + atStopM) {
    const departureS = trip.departures[0]!
    return tSec <= departureS ? { deviationS: 0, waitingS: departureS - tSec, atTerminal: true } : { deviationS: tSec - departureS, waitingS: 0, atTerminal: true }
  }
  if (alongM >= d[last]! - atStopM) return { deviationS: tSec - trip.arrivals[last]!, waitingS: 0, atTerminal: true }
  const i = stopIndexBefore(trip, alongM)
  if (alongM - d[i]! <= atStopM) return { deviationS: deviationFrom(tSec, trip.arrivals[i]!, trip.departures[i]!), waitingS: 0, atTerminal: false }
  if (d[i + 1]! - alongM <= atStopM) return { deviationS: deviationFrom(tSec, trip.arrivals[i + 1]!, trip.departures[i + 1]!), waitingS: 0, atTerminal: false }
  const span = d[i + 1]! - d[i]!
  const fraction = span > 0 ? (alongM - d[i]!) / span : 0
  const scheduledS = trip.departures[i]! + fraction * (trip.arrivals[i + 1]! - trip.departures[i]!)
  return { deviationS: tSec - scheduledS, waitingS: 0, atTerminal: false }
}

/** The next stop: the first not yet passed by more than passedM; null once past the last. */
export function nextStopIndexAt(trip: ScheduleTrip, alongM: number, passedM: number): number | null {
  const d = trip.distancesM
  for (let i = stopIndexBefore(trip, alongM); i < d.length; i++) if (d[i]! + passedM > alongM) return i
  return null
}
