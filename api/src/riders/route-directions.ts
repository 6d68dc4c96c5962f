import type { Schedule } from '@masar/gtfs/schedule/schedule'

/**
 * A route's directions as people name them: "towards" the stop most of its trips in that direction end at, in the
 * reader's language where the feed translates it (a GTFS direction_id alone, 0 or 1, means nothing to anyone).
 */
export interface RouteDirection {
  directionId: number
  towards: string
}

export function routeDirections(schedule: Schedule, routeId: string, lang: string): RouteDirection[] {
  const lastStops = new Map<number, Map<string, number>>()
  for (const trip of schedule.trips.values()) {
    const last = trip.stopIds[trip.stopIds.length - 1]
    if (trip.routeId !== routeId || last === undefined) continue
    const direction = trip.directionId ?? 0
    const counts = lastStops.get(direction) ?? new Map<string, number>()
    counts.set(last, (counts.get(last) ?? 0) + 1)
    lastStops.set(direction, counts)
  }
  return [...lastStops].sort(([a], [b]) => a - b).map(([directionId, counts]) => {
    const [stopId] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]!
    const stop = schedule.stops.get(stopId)
    return { directionId, towards: stop ? (stop.translations[lang] ?? stop.name) : stopId }
  })
}
