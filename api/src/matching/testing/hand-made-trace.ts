import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { pointAtDistance, type Polyline } from '@masar/model/geo/polyline'
import { instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import { createRandom } from '@masar/model/random/seeded-random'
import type { VehicleFix } from '../vehicle-match.js'
import { DEG_TO_RAD as TO_RAD, METRES_PER_DEGREE_LAT } from '@masar/model/geo/earth'

/**
 * Fixes of a bus driving a trip of a hand-made schedule as its timetable says (shifted by `lateS`), one every
 * `intervalS`: GPS noise from a seeded generator, sideways offsets (a detour), outliers, and the tracker's speed,
 * bearing and declared trip when asked for.
 */
export interface TraceOptions {
  serviceDate: string
  vehicleId?: string
  lateS?: number
  intervalS?: number
  /** GTFS seconds of the first and last fix (default: the trip's departure and arrival, shifted by lateS). */
  fromS?: number
  toS?: number
  noiseM?: number
  seed?: number
  /** Report speed and bearing (default true). */
  withMotion?: boolean
  declaredTripId?: string
  /** Metres to the left of the road at a distance along the trip (a detour). */
  sidewaysM?: (alongM: number) => number
  /** Indexes of fixes thrown this far off (urban-canyon outliers). */
  outliers?: { every: number; metres: number }
}


/** A standard normal from a seeded generator. */
function normalRandom(seed: number): () => number {
  const next = createRandom(seed)
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
}

/** Where the timetable puts the bus at a GTFS second: standing at stops between arrival and departure. */
export function scheduledAlongM(trip: ScheduleTrip, tSec: number): number {
  const d = trip.distancesM
  if (tSec <= trip.departures[0]!) return d[0]!
  for (let i = 0; i < d.length - 1; i++) {
    if (tSec <= trip.departures[i]!) return d[i]!
    if (tSec < trip.arrivals[i + 1]!) return d[i]! + ((d[i + 1]! - d[i]!) * (tSec - trip.departures[i]!)) / (trip.arrivals[i + 1]! - trip.departures[i]!)
  }
  return d[d.length - 1]!
}

function offsetBy(point: { lat: number; lon: number }, eastM: number, northM: number) {
  return { lat: point.lat + northM / METRES_PER_DEGREE_LAT, lon: point.lon + eastM / (METRES_PER_DEGREE_LAT * Math.cos(point.lat * TO_RAD)) }
}

export function traceOfTrip(schedule: Schedule, tripId: string, options: TraceOptions): VehicleFix[] {
  const trip = schedule.trips.get(tripId)!
  const shape = schedule.shapes.get(trip.shapeId!)!
  const line: Polyline = { lats: shape.lats, lons: shape.lons, distances: shape.distancesM }
  const { lateS = 0, intervalS = 10, noiseM = 0, withMotion = true } = options
  const normal = normalRandom(options.seed ?? 1)
  const fromS = options.fromS ?? trip.departures[0]! + lateS
  const toS = options.toS ?? trip.arrivals[trip.arrivals.length - 1]! + lateS
  const fixes: VehicleFix[] = []
  for (let tSec = fromS, i = 0; tSec <= toS; tSec += intervalS, i++) {
    const alongM = scheduledAlongM(trip, tSec - lateS)
    const ahead = pointAtDistance(line, alongM + 5)
    const behind = pointAtDistance(line, alongM - 5)
    const headingRad = Math.atan2((ahead.lon - behind.lon) * Math.cos(ahead.lat * TO_RAD), ahead.lat - behind.lat)
    const sidewaysM = options.sidewaysM?.(alongM) ?? 0
    const outlierM = options.outliers && i > 0 && i % options.outliers.every === 0 ? options.outliers.metres : 0
    const place = offsetBy(pointAtDistance(line, alongM), -Math.cos(headingRad) * sidewaysM + noiseM * normal() + outlierM, Math.sin(headingRad) * sidewaysM + noiseM * normal())
    const speedMps = (scheduledAlongM(trip, tSec - lateS + 1) - alongM) / 1
    fixes.push({
      vehicleId: options.vehicleId ?? 'bus-1', atMs: instantOfGtfsTime(options.serviceDate, tSec, schedule.timeZone), ...place,
      speedMps: withMotion ? speedMps : null, bearingDeg: withMotion ? ((headingRad / TO_RAD + 360) % 360) : null, declaredTripId: options.declaredTripId ?? null,
    })
  }
  return fixes
}
