import { projectPoint } from '@masar/model/geo/polyline'
import type { RuleInput } from './check-context.js'
import { alertsOf, idOf, isAddedTrip, rt, fieldOf, vehiclePositionsOf, type FeedMessageLike } from './feed-fields.js'
import { REGION_BUFFER_M } from './schedule-index.js'

/** E029: the validator's GtfsMetadata.TRIP_BUFFER_METERS (about 1/8 mile). */
const TRIP_BUFFER_M = 200

/** Trip and route ids named by DETOUR alerts: a vehicle on them may leave its shape (E029). */
function detoursIn(feeds: ReadonlyArray<FeedMessageLike | undefined>): { tripIds: Set<string>; routeIds: Set<string> } {
  const tripIds = new Set<string>()
  const routeIds = new Set<string>()
  for (const feed of feeds) {
    if (!feed) continue
    for (const { value: alert } of alertsOf(feed)) {
      if (fieldOf(alert, 'effect') !== rt.Alert.Effect.DETOUR) continue
      for (const selector of alert.informedEntity ?? []) {
        const tripId = idOf(selector.trip, 'tripId')
        const routeId = idOf(selector.trip, 'routeId') ?? idOf(selector, 'routeId')
        if (tripId !== undefined) tripIds.add(tripId)
        if (routeId !== undefined) routeIds.add(routeId)
      }
    }
  }
  return { tripIds, routeIds }
}

/** E028 outside the area the GTFS covers, E029 more than 200 m from the trip's shape (unless on a DETOUR). */
export function checkVehicleGeometryRules({ message, context, schedule, log }: RuleInput): void {
  if (!schedule) return
  let detours: ReturnType<typeof detoursIn> | undefined
  for (const { entityId, value: vehicle } of vehiclePositionsOf(message)) {
    const lat = fieldOf(vehicle.position, 'latitude')
    const lon = fieldOf(vehicle.position, 'longitude')
    if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue // E026
    const name = `vehicle "${idOf(vehicle.vehicle, 'id') ?? entityId}" at (${lat}, ${lon})`
    const box = schedule.coverage
    if (box && (lat < box.minLat || lat > box.maxLat || lon < box.minLon || lon > box.maxLon)) {
      log.add('E028', entityId, `${name} is more than ${REGION_BUFFER_M} m outside the area of the GTFS ${box.from}`)
      continue
    }
    const tripId = idOf(vehicle.trip, 'tripId')
    const known = tripId === undefined || isAddedTrip(vehicle.trip) ? undefined : schedule.trip(tripId)
    const shape = schedule.shape(known?.trip.shapeId ?? null)
    if (!known || !shape || shape.lats.length === 0) continue
    const offsetM = projectPoint({ lats: shape.lats, lons: shape.lons, distances: shape.distancesM }, lat, lon).offsetM
    if (offsetM <= TRIP_BUFFER_M) continue
    detours ??= detoursIn([message, context.companions?.alerts])
    const routeId = idOf(vehicle.trip, 'routeId') ?? known.trip.routeId
    if (detours.tripIds.has(tripId!) || detours.routeIds.has(routeId)) continue
    log.add('E029', entityId, `${name} is ${Math.round(offsetM)} m from shape_id "${shape.shapeId}" of its trip_id "${tripId}" (limit ${TRIP_BUFFER_M} m, no DETOUR alert for it)`)
  }
}
