import type { RuleInput } from './check-context.js'
import { alertsOf, idOf, isSet, fieldOf } from './feed-fields.js'

/** E031 route_id and trip.route_id disagree, E032 no informed_entity, E033 an informed_entity that names nothing. */
export function checkAlertRules({ message, log }: RuleInput): void {
  for (const { entityId, value: alert } of alertsOf(message)) {
    const selectors = alert.informedEntity ?? []
    if (selectors.length === 0) log.add('E032', entityId, `alert "${entityId}" has no informed_entity`)
    selectors.forEach((selector, i) => {
      const trip = fieldOf(selector, 'trip')
      const named = idOf(selector, 'agencyId') ?? idOf(selector, 'routeId') ?? idOf(selector, 'stopId') ?? idOf(trip, 'tripId') ?? idOf(trip, 'routeId')
      if (named === undefined && !isSet(selector, 'routeType')) {
        log.add('E033', entityId, `alert "${entityId}" informed_entity #${i + 1} names no agency_id, route_id, route_type, stop_id or trip`)
      }
      const routeId = idOf(selector, 'routeId')
      const tripRouteId = idOf(trip, 'routeId')
      if (routeId !== undefined && tripRouteId !== undefined && routeId !== tripRouteId) {
        log.add('E031', entityId, `alert "${entityId}" informed_entity #${i + 1} route_id "${routeId}" differs from its trip.route_id "${tripRouteId}"`)
      }
    })
  }
}
