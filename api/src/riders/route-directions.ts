import type { Schedule } from '@masar/gtfs/schedule/schedule'

/**
 * A route's directions as people name them: "towards" the stop most of its trips in that direction end at, in the
 * reader's language where the feed translates it (a GTFS direction_id alone, 0 or 1, means nothing to anyone).
 */
export interface RouteDirection {
  directionId: number
  towards: string
  /** The stops, in order, of the direction's most common stop pattern (ties: the longer one, so a short turn never hides stops). */
  stopIds: string[]
}

export function routeDirections(schedule: Schedule, routeId: string, lang: string): RouteDirection[] {
  const lastStops = new Map<number, Map<string, number>>()
  const patterns = new Map<number, Map<string, { stopIds: string[]; trips: number }>>()
  for (const trip of schedule.trips.values()) {
    const last = trip.stopIds[trip.stopIds.length - 1]
    if (trip.routeId !== routeId || last === undefined) continue
    const direction = trip.directionId ?? 0
    const counts = lastStops.get(direction) ?? new Map<string, number>()
    counts.set(last, (counts.get(last) ?? 0) + 1)
    lastStops.set(direction, counts)
    const byKey = patterns.get(direction) ?? new Map<string, { stopIds: string[]; trips: number }>()
    const key = trip.stopIds.join('\u0000')
    const pattern = byKey.get(key) ?? { stopIds: trip.stopIds, trips: 0 }
    pattern.trips += 1
    byKey.set(key, pattern)
    patterns.set(direction, byKey)
  }
  return [...lastStops].sort(([a], [b]) => a - b).map(([directionId, counts]) => {
    const [stopId] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]!
    const stop = schedule.stops.get(stopId)
    const [pattern] = [...patterns.get(directionId)!.values()].sort((a, b) => b.trips - a.trips || b.stopIds.length - a.stopIds.length)
    return { directionId, towards: stop ? (stop.translations[lang] ?? stop.name) : stopId, stopIds: [...pattern!.stopIds] }
  })
}
