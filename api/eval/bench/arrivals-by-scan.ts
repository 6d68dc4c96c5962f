import type { Arrival } from '@masar/model/api/arrival'
import { candidateServiceDates, instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { ArrivalsSource } from '@masar/api/predictions/arrivals-at-stop'
import { tripKey } from '@masar/api/matching/trip-key'
import { predictedArrivalAt } from '@masar/api/predictions/trip-prediction'

const minutesUntil = (atMs: number, nowMs: number) => Math.max(0, Math.round((atMs - nowMs) / 60_000))

/**
 * The bench's reference: arrivals at a stop as the api found them before 2026-12-06, scanning every stop time of
 * every trip for each stop asked (and indexing the round's predictions each time). Kept only to be measured beside
 * arrivalsAt, which must give the same arrivals.
 */

export function arrivalsAtByScan(source: ArrivalsSource, stopId: string, nowMs: number, horizonMs: number): Arrival[] {
  const { schedule, fleet } = source
  const predicted = new Map(source.predictions.map((p) => [tripKey(p.serviceDate, p.trip.tripId), p]))
  const arrivals: Arrival[] = []
  for (const serviceDate of candidateServiceDates(nowMs, schedule.timeZone)) {
    const services = schedule.servicesOn(serviceDate)
    for (const trip of schedule.trips.values()) {
      if (!services.has(trip.serviceId)) continue
      for (let i = 0; i < trip.stopIds.length - 1; i++) {
        if (trip.stopIds[i] !== stopId) continue
        const key = tripKey(serviceDate, trip.tripId)
        const scheduledMs = instantOfGtfsTime(serviceDate, trip.departures[i]!, schedule.timeZone)
        const prediction = predicted.get(key)
        if (prediction && i < prediction.fromIndex) continue // the bus has passed this stop
        const at = prediction ? predictedArrivalAt(prediction, i) : null
        const atMs = at?.atMs ?? scheduledMs
        if (atMs < nowMs - 30_000 || atMs > nowMs + horizonMs) continue
        const vehicle = prediction ? fleet.get(prediction.vehicleId) : undefined
        arrivals.push({
          routeId: trip.routeId, routeShortName: schedule.routes.get(trip.routeId)?.shortName ?? null, tripId: trip.templateTripId ?? trip.tripId, headsign: trip.headsign,
          at: new Date(atMs).toISOString(), minutes: minutesUntil(atMs, nowMs),
          earliest: at ? new Date(at.lowMs).toISOString() : null, latest: at ? new Date(at.highMs).toISOString() : null,
          minutesRange: at ? [minutesUntil(at.lowMs, nowMs), minutesUntil(at.highMs, nowMs)] : null,
          realtime: at !== null, stale: prediction?.stale ?? false, cancelled: source.cancelled.has(key),
          vehicleId: prediction?.vehicleId ?? null, occupancy: vehicle?.occupancy ?? null, scheduledAt: new Date(scheduledMs).toISOString(), headwayMinutes: null, // the demo feed has no frequencies.txt
        })
      }
    }
  }
  return arrivals.sort((a, b) => (a.at < b.at ? -1 : 1))
}
