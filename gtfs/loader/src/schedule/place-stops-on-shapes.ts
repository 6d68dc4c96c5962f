import { metresAtDistance, projectStopsAlong, type Polyline } from '@masar/model/geo/polyline'
import type { ScheduleShape, ScheduleStop, ScheduleTrip } from './schedule.js'

/**
 * Fills each trip's distancesM: metres along its shape at each stop. Where the feed gives shape_dist_traveled for
 * both the trip's stops and its shape, those (in whatever unit the feed uses) are turned into metres along the
 * shape; otherwise the stops are projected onto the shape in order. Trips that share a shape and a stop pattern
 * share one computation (and one array). Returns how many stop patterns had to be projected.
 */
export function placeStopsOnShapes(trips: Iterable<ScheduleTrip>, shapes: ReadonlyMap<string, ScheduleShape>, stops: ReadonlyMap<string, ScheduleStop>): number {
  const projected = new Map<string, Float64Array>()
  for (const trip of trips) {
    const shape = trip.shapeId === null ? undefined : shapes.get(trip.shapeId)
    if (!shape) {
      trip.distancesM = new Float64Array(trip.stopIds.length).fill(Number.NaN)
      continue
    }
    if (shape.feedDistances && trip.shapeDistTraveled.every((d) => !Number.isNaN(d))) {
      trip.distancesM = trip.shapeDistTraveled.map((d) => metresAtDistance(shape.feedDistances!, shape.distancesM, d))
      continue
    }
    const key = `${shape.shapeId}\u0000${trip.stopIds.join('\u0000')}`
    let along = projected.get(key)
    if (!along) {
      const line: Polyline = { lats: shape.lats, lons: shape.lons, distances: shape.distancesM }
      along = projectStopsAlong(line, trip.stopIds.map((id) => stops.get(id) ?? { lat: Number.NaN, lon: Number.NaN }))
      projected.set(key, along)
    }
    trip.distancesM = along
  }
  return projected.size
}
