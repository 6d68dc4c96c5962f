import { formatGtfsTime, parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { RuleInput } from './check-context.js'
import { idOf, isSet, rt, tripUpdatesOf, fieldOf, vehiclePositionsOf, type TripDescriptorLike, type VehicleDescriptorLike } from './feed-fields.js'

const { UNSCHEDULED } = rt.TripDescriptor.ScheduleRelationship

/**
 * Trips that frequencies.txt drives. exact_times 0 (headway-based): E006 start_date and start_time required, E013
 * schedule_relationship UNSCHEDULED or empty, W005 vehicle id expected. exact_times 1: E019 start_time must be a
 * run's start (frequencies start_time plus a multiple of headway_secs).
 */
export function checkFrequencyRules({ message, schedule, log }: RuleInput): void {
  if (!schedule) return
  const check = (entityId: string, where: string, trip: TripDescriptorLike | null | undefined, vehicle: VehicleDescriptorLike | null | undefined) => {
    const tripId = idOf(trip, 'tripId')
    const frequency = tripId === undefined ? null : (schedule.trip(tripId)?.frequency ?? null)
    if (!frequency) return
    const name = `${where} trip_id "${tripId}"`
    if (frequency.headwayBased) {
      const missing = (['startDate', 'startTime'] as const).filter((field) => !isSet(trip, field))
      if (missing.length > 0) log.add('E006', entityId, `${name} is frequency-based (exact_times 0) but has no ${missing.map((f) => (f === 'startDate' ? 'start_date' : 'start_time')).join(' and ')}`)
      const relationship = fieldOf(trip, 'scheduleRelationship')
      if (relationship !== undefined && relationship !== UNSCHEDULED) {
        log.add('E013', entityId, `${name} is frequency-based (exact_times 0) but its schedule_relationship is ${rt.TripDescriptor.ScheduleRelationship[relationship] ?? relationship}, not UNSCHEDULED or empty`)
      }
      if (idOf(vehicle, 'id') === undefined) log.add('W005', entityId, `${name} is frequency-based (exact_times 0) but gives no vehicle.id`)
    }
    if (frequency.exactTimes) {
      const startTime = fieldOf(trip, 'startTime')
      const startS = startTime === undefined ? null : parseGtfsTime(startTime)
      if (startS === null || !frequency.exactStartsS.has(startS)) {
        const starts = [...frequency.exactStartsS].sort((a, b) => a - b)
        log.add('E019', entityId, `${name} is frequency-based (exact_times 1) but its start_time ${startTime === undefined ? 'is missing' : `"${startTime}"`} is not one of its runs' starts (${starts.slice(0, 4).map(formatGtfsTime).join(', ')}${starts.length > 4 ? ', …' : ''})`)
      }
    }
  }
  for (const { entityId, value } of tripUpdatesOf(message)) check(entityId, 'trip_update', value.trip, value.vehicle)
  for (const { entityId, value } of vehiclePositionsOf(message)) if (isSet(value, 'trip')) check(entityId, 'vehicle', value.trip, value.vehicle)
}
