import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { Arrival } from '@masar/model/api/arrival'
import { candidateServiceDates, serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { FleetState } from '../fleet/fleet-state.js'
import { tripKey } from '../matching/trip-key.js'
import { predictedArrivalAt, type TripPrediction } from './trip-prediction.js'

/** A trip's headsign in a language, the feed's own where it has no translation. */
export const headsignOf = (trip: ScheduleTrip, lang: string | undefined) => (lang === undefined ? undefined : trip.headsignTranslations?.[lang]) ?? trip.headsign

export type { Arrival }

/**
 * The next arrivals at a stop within a horizon: predicted where a bus works the trip (realtime, with the p10–p90
 * range as earliest–latest), the timetable's otherwise; a cancelled trip stays in the list, marked, so a rider
 * knows not to wait for it; a headway-based trip no bus is predicted for is a headway ("every N min"), not times.
 * Nobody boards at the end of a trip, so its last stop is left out. Headsigns are in the rider's language where the
 * feed translates them.
 */

export interface ArrivalsSource {
  schedule: Schedule
  fleet: FleetState
  predictions: readonly TripPrediction[]
  /** tripKey(serviceDate, tripId) of cancelled trips. */
  cancelled: ReadonlySet<string>
}

/** The predictions by trip, made once per set of predictions (a round's are shared by every rider asking). */
const byTripOf = new WeakMap<readonly TripPrediction[], Map<string, TripPrediction>>()
function predictionsByTrip(predictions: readonly TripPrediction[]): Map<string, TripPrediction> {
  let byTrip = byTripOf.get(predictions)
  if (!byTrip) byTripOf.set(predictions, (byTrip = new Map(predictions.map((p) => [tripKey(p.serviceDate, p.trip.tripId), p]))))
  return byTrip
}

const minutesUntil = (atMs: number, nowMs: number) => Math.max(0, Math.round((atMs - nowMs) / 60_000))

export function arrivalsAt(source: ArrivalsSource, stopId: string, nowMs: number, horizonMs: number, lang?: string): Arrival[] {
  const { schedule, fleet } = source
  const predicted = predictionsByTrip(source.predictions)
  const arrivals: Arrival[] = []
  const headwayPatterns = new Set<string>()
  for (const serviceDate of candidateServiceDates(nowMs, schedule.timeZone)) {
    const services = schedule.servicesOn(serviceDate)
    const originMs = serviceDayOriginMs(serviceDate, schedule.timeZone)
    for (const { trip, index: i } of schedule.visitsAt(stopId)) {
      if (!services.has(trip.serviceId) || i === trip.stopIds.length - 1) continue
      const key = tripKey(serviceDate, trip.tripId)
      const scheduledMs = originMs + trip.departures[i]! * 1000
      const prediction = predicted.get(key)
      if (prediction && i < prediction.fromIndex) continue // the bus has passed this stop
      const at = prediction ? predictedArrivalAt(prediction, i) : null
      const atMs = at?.atMs ?? scheduledMs
      if (atMs < nowMs - 30_000 || atMs > nowMs + horizonMs) continue
      const headwayMinutes = !at && trip.headwayBased && trip.headwayS ? Math.round(trip.headwayS / 60) : null
      if (headwayMinutes !== null) {
        // a headway, not a timetable: one "every N min" per trip pattern, the first run's
        const pattern = `${serviceDate}\u0000${trip.templateTripId ?? trip.tripId}\u0000${i}`
        if (headwayPatterns.has(pattern)) continue
        headwayPatterns.add(pattern)
      }
      const vehicle = prediction ? fleet.get(prediction.vehicleId) : undefined
      arrivals.push({
        routeId: trip.routeId, routeShortName: schedule.routes.get(trip.routeId)?.shortName ?? null, tripId: trip.templateTripId ?? trip.tripId, headsign: headsignOf(trip, lang),
        at: new Date(atMs).toISOString(), minutes: minutesUntil(atMs, nowMs),
        earliest: at ? new Date(at.lowMs).toISOString() : null, latest: at ? new Date(at.highMs).toISOString() : null,
        minutesRange: at ? [minutesUntil(at.lowMs, nowMs), minutesUntil(at.highMs, nowMs)] : null,
        realtime: at !== null, stale: prediction?.stale ?? false, cancelled: source.cancelled.has(key),
        vehicleId: prediction?.vehicleId ?? null, occupancy: vehicle?.occupancy ?? null, scheduledAt: new Date(scheduledMs).toISOString(), headwayMinutes,
      })
    }
  }
  return arrivals.sort((a, b) => (a.at < b.at ? -1 : 1))
}
