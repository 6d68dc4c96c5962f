import type { Schedule, ScheduleTrip } from '@masar/gtfs/schedule/schedule'

/**
 * The distance axis of a route's ladder in one direction: one shape (the one most of the direction's trips run)
 * and the stops of its longest trip at their metres along it. Trips of that shape plot on it exactly; a trip of
 * another variant plots by the stops it shares with it.
 */
export interface LadderAxis {
  routeId: string
  directionId: number
  shapeId: string
  lengthM: number
  referenceTripId: string
  stops: Array<{ stopId: string; distanceM: number }>
}

export const directionOf = (trip: Pick<ScheduleTrip, 'directionId'>): number => trip.directionId ?? 0

export function ladderAxisOf(schedule: Schedule, routeId: string, directionId: number): LadderAxis | null {
  const byShape = new Map<string, ScheduleTrip[]>()
  for (const trip of schedule.trips.values()) {
    if (trip.routeId !== routeId || directionOf(trip) !== directionId || trip.shapeId === null || !schedule.shapes.has(trip.shapeId)) continue
    const list = byShape.get(trip.shapeId) ?? []
    list.push(trip)
    byShape.set(trip.shapeId, list)
  }
  const [shapeId, trips] = [...byShape].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1))[0] ?? []
  if (!shapeId || !trips) return null
  const reference = [...trips].sort((a, b) => b.stopIds.length - a.stopIds.length || (a.tripId < b.tripId ? -1 : 1))[0]!
  const shape = schedule.shapes.get(shapeId)!
  const stops = reference.stopIds
    .map((stopId, i) => ({ stopId, distanceM: reference.distancesM[i] ?? Number.NaN }))
    .filter((s) => Number.isFinite(s.distanceM))
  return { routeId, directionId, shapeId, lengthM: shape.distancesM[shape.distancesM.length - 1] ?? 0, referenceTripId: reference.tripId, stops }
}
