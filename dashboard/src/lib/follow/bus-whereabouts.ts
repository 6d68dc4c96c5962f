import distance from '@turf/distance'

/**
 * Where a bus is, in words a rider understands ("at stop X", "between X and Y", "heading for Y"), never as
 * coordinates: from its position, the stop it is going to and the trip's stops in order with their places.
 */
export type BusWhereabouts =
  | { kind: 'at'; stop: string }
  | { kind: 'between'; from: string; to: string }
  | { kind: 'towards'; stop: string }
  | { kind: 'unknown' }

export interface PlacedStop {
  stopId: string
  name: string
  lon: number
  lat: number
  /** The api's word: true once the bus is past it. */
  passed: boolean | null
}

/** Within this many metres of a stop, the bus is "at" it (a stop's platform and the GPS's error). */
export const AT_STOP_M = 40

export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })
}

export function busWhereabouts(stops: readonly PlacedStop[], bus: { lon: number; lat: number; nextStopId: string | null }): BusWhereabouts {
  let next = bus.nextStopId === null ? -1 : stops.findIndex((s) => s.stopId === bus.nextStopId)
  if (next < 0) next = stops.findIndex((s) => s.passed !== true)
  const ahead = stops[next]
  if (!ahead) return { kind: 'unknown' }
  if (metresBetween(bus, ahead) <= AT_STOP_M) return { kind: 'at', stop: ahead.name }
  const behind = stops[next - 1]
  if (!behind) return { kind: 'towards', stop: ahead.name }
  if (metresBetween(bus, behind) <= AT_STOP_M) return { kind: 'at', stop: behind.name }
  return { kind: 'between', from: behind.name, to: ahead.name }
}
