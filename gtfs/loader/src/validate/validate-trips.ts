import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

export interface TripsSummary {
  /** Trips with no shape_id, or one that is not in shapes.txt: the importer derives their shapes. */
  tripsWithoutShape: number
}

/** trips.txt: unique trip_id; route_id, service_id and shape_id resolving in the files read before it. */
export async function validateTrips(ctx: ValidationContext, index: FeedIndex): Promise<TripsSummary> {
  const summary: TripsSummary = { tripsWithoutShape: 0 }
  const file = await readCheckedRows(ctx, 'trips.txt')
  if (!file) return summary
  const shapesPresent = ctx.presentFiles.has('shapes.txt')
  const ids = createIdRegistry(file)
  await file.forEachRow((row) => {
    const routeId = requiredValue(file, row, 'route_id')
    const serviceId = requiredValue(file, row, 'service_id')
    const id = requiredValue(file, row, 'trip_id')
    if (routeId !== null && index.hasRoutes && !index.routeTypeById.has(routeId)) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `route_id "${routeId}" is not in routes.txt: add the route or correct the route_id`)
    }
    if (serviceId !== null && index.hasServices && !index.serviceIds.has(serviceId)) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `service_id "${serviceId}" is in neither calendar.txt nor calendar_dates.txt: define the service or correct the service_id`)
    }
    const shapeId = row.fields.shape_id ?? ''
    if (shapeId !== '' && index.shapeLineById.has(shapeId)) index.usedShapeIds.add(shapeId)
    else summary.tripsWithoutShape += 1
    if (shapeId !== '' && !shapesPresent) {
      file.report('GTFS_SHAPE_NOT_SHIPPED', row.line, `shape_id "${shapeId}" names a shape but the feed has no shapes.txt: the trip's shape will be derived from its stops; add shapes.txt to use the real one`)
    } else if (shapeId !== '' && index.hasShapes && !index.shapeLineById.has(shapeId)) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `shape_id "${shapeId}" is not in shapes.txt: add the shape or correct the shape_id`)
    }
    if (id !== null && ids.add(id, row.line, `trip_id "${id}"`)) {
      index.tripIndexById.set(id, index.tripIds.length)
      index.tripIds.push(id)
      index.tripLines.push(row.line)
      index.tripRouteTypes.push(index.routeTypeById.get(routeId ?? '') ?? Number.NaN)
    }
  })
  if (shapesPresent && summary.tripsWithoutShape > 0) {
    file.report('GTFS_SHAPES_MISSING', null, `${summary.tripsWithoutShape} of ${ctx.rowCounts['trips.txt']} trips have no shape in shapes.txt: their shapes will be derived from stop coordinates`)
  }
  index.hasTrips = file.columns.has('trip_id')
  return summary
}
