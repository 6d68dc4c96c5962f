import { distance, point } from '@turf/turf'
import type { LocatedStation } from './locate-stations.js'

/** Two places of one reported station id closer than this are one platform (one GTFS stop). */
export const SAME_PLATFORM_M = 50

export interface FeedStop {
  gtfsStopId: string
  reportedStopId: string
  lat: number
  lon: number
}

/**
 * GTFS stops for the located stations. A station id whose places in every direction agree (a BRT platform in the
 * median serves both) is one stop, where the most visited direction put it; a direction that put it elsewhere
 * (Amman's terminal loops) gets its own stop, `<id>-<direction>`. Returns the stops in id order and the GTFS
 * stop id of each located station.
 */
export function unifyStops(stations: readonly LocatedStation[]): { stops: FeedStop[]; gtfsIdOf: (station: LocatedStation) => string } {
  const byId = new Map<string, LocatedStation[]>()
  for (const station of stations) byId.set(station.stopId, [...(byId.get(station.stopId) ?? []), station])
  const stops = new Map<string, FeedStop>()
  const assigned = new Map<LocatedStation, string>()
  for (const [stopId, places] of byId) {
    const reference = places.reduce((best, s) => (s.visits > best.visits ? s : best))
    for (const place of places) {
      const apart = distance(point([reference.lon, reference.lat]), point([place.lon, place.lat])) * 1000
      const chosen = apart <= SAME_PLATFORM_M ? reference : place
      const gtfsStopId = chosen === reference ? stopId : `${stopId}-${place.direction}`
      assigned.set(place, gtfsStopId)
      if (!stops.has(gtfsStopId)) stops.set(gtfsStopId, { gtfsStopId, reportedStopId: stopId, lat: chosen.lat, lon: chosen.lon })
    }
  }
  const sorted = [...stops.values()].sort((a, b) => (a.gtfsStopId < b.gtfsStopId ? -1 : a.gtfsStopId > b.gtfsStopId ? 1 : 0))
  return { stops: sorted, gtfsIdOf: (station) => assigned.get(station)! }
}
