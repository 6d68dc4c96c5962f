import type { RuleInput } from './check-context.js'
import { alertsOf, describeTrip, idOf, isAddedTrip, tripUpdatesOf, fieldOf, vehiclePositionsOf } from './feed-fields.js'
import { tripDescriptorsOf } from './rules-trip-descriptors.js'

/**
 * Ids the feed shares with the static GTFS: E003 trip_id, E004 route_id, E011 stop_id, E015 stop not a
 * location_type 0 stop, E016 ADDED trip that is scheduled, E030/E035 trip not on the route given with it,
 * E034 agency_id.
 */
export function checkReferenceRules({ message, schedule, log }: RuleInput): void {
  if (!schedule) return
  for (const { entityId, trip, where, label } of tripDescriptorsOf(message)) {
    const tripId = idOf(trip, 'tripId')
    const routeId = idOf(trip, 'routeId')
    const known = tripId === undefined ? undefined : schedule.trip(tripId)
    if (tripId !== undefined && !known && !isAddedTrip(trip)) log.add('E003', entityId, `${label} trip_id "${tripId}" is not in the GTFS trips.txt (and the trip is not ADDED)`)
    if (known && isAddedTrip(trip) && where !== 'alert') log.add('E016', entityId, `${label} trip_id "${tripId}" is ADDED but is a trip of the GTFS trips.txt`)
    if (routeId !== undefined && !schedule.hasRoute(routeId)) log.add('E004', entityId, `${label} ${describeTrip(trip)} has route_id "${routeId}", which is not in the GTFS routes.txt`)
    if (known && routeId !== undefined && schedule.hasRoute(routeId) && known.trip.routeId !== routeId) {
      log.add('E035', entityId, `${label} trip_id "${tripId}" is given with route_id "${routeId}" but the GTFS trip is on route_id "${known.trip.routeId}"`)
    }
  }
  const checkStop = (entityId: string, stopId: string | undefined, where: string, mustBeStop: boolean) => {
    if (stopId === undefined) return
    if (!schedule.hasStop(stopId)) {
      log.add('E011', entityId, `${where} stop_id "${stopId}" is not in the GTFS stops.txt`)
      return
    }
    const locationType = schedule.locationType(stopId)
    if (mustBeStop && locationType !== undefined && locationType !== 0) log.add('E015', entityId, `${where} stop_id "${stopId}" has location_type ${locationType} in the GTFS stops.txt; it must be 0 (a stop or platform)`)
  }
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    for (const stu of tripUpdate.stopTimeUpdate ?? []) checkStop(entityId, idOf(stu, 'stopId'), `${describeTrip(tripUpdate.trip)} stop_time_update`, true)
  }
  for (const { entityId, value: vehicle } of vehiclePositionsOf(message)) checkStop(entityId, idOf(vehicle, 'stopId'), `vehicle "${idOf(vehicle.vehicle, 'id') ?? ''}"`, true)
  for (const { entityId, value: alert } of alertsOf(message)) {
    for (const [i, selector] of (alert.informedEntity ?? []).entries()) {
      const where = `alert "${entityId}" informed_entity #${i + 1}`
      checkStop(entityId, idOf(selector, 'stopId'), where, false)
      const routeId = idOf(selector, 'routeId')
      if (routeId !== undefined && !schedule.hasRoute(routeId)) log.add('E004', entityId, `${where} route_id "${routeId}" is not in the GTFS routes.txt`)
      const agencyId = idOf(selector, 'agencyId')
      if (agencyId !== undefined && schedule.agencyIds && !schedule.agencyIds.has(agencyId)) {
        log.add('E034', entityId, `${where} agency_id "${agencyId}" is not in the GTFS agency.txt (${[...schedule.agencyIds].join(', ')})`)
      }
      const tripId = idOf(fieldOf(selector, 'trip'), 'tripId')
      const tripOfAlert = tripId === undefined ? undefined : schedule.trip(tripId)
      if (tripOfAlert && routeId !== undefined && tripOfAlert.trip.routeId !== routeId) {
        log.add('E030', entityId, `${where} trip.trip_id "${tripId}" is on GTFS route_id "${tripOfAlert.trip.routeId}", not on its route_id "${routeId}"`)
      }
    }
  }
}
