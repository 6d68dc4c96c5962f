import type { RuleInput } from './check-context.js'
import { alertsOf, describeStopTimeUpdate, describeTrip, idOf, isSet, tripUpdatesOf, fieldOf, vehiclePositionsOf, type TripDescriptorLike } from './feed-fields.js'

/** GTFS time as trip.start_time uses it: H:MM:SS or HH:MM:SS, past 24:00:00 for trips after midnight. */
const START_TIME = /^([0-9]|[0-4][0-9]):[0-5][0-9]:[0-5][0-9]$/

export function isValidStartDate(text: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

export interface TripDescriptorAt {
  entityId: string
  trip: TripDescriptorLike | undefined
  where: 'trip_update' | 'vehicle' | 'alert'
  /** Words naming where the descriptor is, for messages: `vehicle "V1" trip`. */
  label: string
}

/** Every trip descriptor of the feed, with the entity it is in and where. */
export function tripDescriptorsOf(message: RuleInput['message']): TripDescriptorAt[] {
  return [
    ...tripUpdatesOf(message).map(({ entityId, value }): TripDescriptorAt => ({ entityId, trip: fieldOf(value, 'trip'), where: 'trip_update', label: 'trip_update trip' })),
    ...vehiclePositionsOf(message).flatMap(({ entityId, value }): TripDescriptorAt[] =>
      isSet(value, 'trip') ? [{ entityId, trip: value.trip!, where: 'vehicle', label: `vehicle "${idOf(value.vehicle, 'id') ?? entityId}" trip` }] : [],
    ),
    ...alertsOf(message).flatMap(({ entityId, value }) =>
      (value.informedEntity ?? []).flatMap((selector, i): TripDescriptorAt[] =>
        isSet(selector, 'trip') ? [{ entityId, trip: selector.trip!, where: 'alert', label: `alert "${entityId}" informed_entity #${i + 1} trip` }] : [],
      ),
    ),
  ]
}

/** E020 start_time format, E021 start_date format, W006 trip without trip_id, W009 schedule_relationship missing. */
export function checkTripDescriptorRules({ message, log }: RuleInput): void {
  for (const { entityId, trip, where, label } of tripDescriptorsOf(message)) {
    const name = `${label} ${describeTrip(trip)}`
    if (idOf(trip, 'tripId') === undefined) log.add('W006', entityId, `${label} has no trip_id`)
    if (!isSet(trip, 'scheduleRelationship')) log.add('W009', entityId, `${name} has no schedule_relationship`)
    if (where === 'alert') continue
    const startTime = fieldOf(trip, 'startTime')
    if (startTime !== undefined && !START_TIME.test(startTime)) log.add('E020', entityId, `${name} start_time is "${startTime}"; expected HH:MM:SS`)
    const startDate = fieldOf(trip, 'startDate')
    if (startDate !== undefined && !isValidStartDate(startDate)) log.add('E021', entityId, `${name} start_date is "${startDate}"; expected a YYYYMMDD date`)
  }
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    const unset = (tripUpdate.stopTimeUpdate ?? []).filter((stu) => !isSet(stu, 'scheduleRelationship'))
    if (unset.length > 0) {
      log.add('W009', entityId, `${describeTrip(tripUpdate.trip)}: ${unset.length} stop_time_update(s) have no schedule_relationship, the first at ${describeStopTimeUpdate(unset[0]!)}`)
    }
  }
}
