import type { Arrival } from '@masar/model/api/arrival'
import type { TripResponse } from '@masar/model/api/trips'
import { AT_STOP_M, metresBetween } from '../follow/bus-whereabouts.js'

/**
 * Where the buses coming to a stop are now: for each arrival a bus is predicted for, its trip's answer (GET
 * /api/v1/trips/:id) gives the bus's last fix and the stop it is going to, from which the stop page says how many
 * stops away it is and how far in a straight line.
 */
export interface ComingBus {
  vehicleId: string
  tripId: string
  route: string
  headsign: string
  lon: number
  lat: number
  fixAtMs: number
  health: 'fresh' | 'stale' | 'offline'
  /** Stops it still has to reach, this one included (1: this is its next stop); null when the trip does not say. */
  stopsAway: number | null
  /** Within AT_STOP_M of the stop: it is here. */
  atStop: boolean
  /** Straight-line distance to the stop, km to one decimal. */
  km: number
}

/** At most this many buses are looked up (the nearest arrivals first): one request each every 15 s. */
export const MAX_COMING_BUSES = 5

/** The arrivals worth a look: a bus is predicted for them, not cancelled; one per bus, soonest first. */
export function arrivalsWithBuses(arrivals: readonly Arrival[]): Arrival[] {
  const seen = new Set<string>()
  const picked: Arrival[] = []
  for (const a of [...arrivals].sort((x, y) => Date.parse(x.at) - Date.parse(y.at))) {
    if (!a.realtime || a.cancelled || a.vehicleId === null || seen.has(a.vehicleId)) continue
    seen.add(a.vehicleId)
    picked.push(a)
    if (picked.length === MAX_COMING_BUSES) break
  }
  return picked
}

/** The bus of a trip as seen from a stop; null when no bus works it or the bus has already passed the stop. */
export function comingBusOf(arrival: Arrival, trip: TripResponse, stop: { stopId: string; lon: number; lat: number }): ComingBus | null {
  const v = trip.vehicle
  if (!v) return null
  const stopIndex = trip.stops.findIndex((s) => s.stopId === stop.stopId && s.passed !== true)
  if (stopIndex < 0) return null
  let nextIndex = v.nextStopId === null ? -1 : trip.stops.findIndex((s) => s.stopId === v.nextStopId)
  if (nextIndex < 0) nextIndex = trip.stops.findIndex((s) => s.passed !== true)
  if (nextIndex > stopIndex) return null
  const metres = metresBetween(v, stop)
  return {
    vehicleId: v.vehicleId, tripId: trip.tripId, route: arrival.routeShortName ?? arrival.routeId, headsign: arrival.headsign ?? trip.headsign ?? '',
    lon: v.lon, lat: v.lat, fixAtMs: Date.parse(v.fixAt), health: v.health,
    stopsAway: nextIndex < 0 ? null : stopIndex - nextIndex + 1,
    atStop: metres <= AT_STOP_M,
    km: Math.round(metres / 100) / 10,
  }
}
