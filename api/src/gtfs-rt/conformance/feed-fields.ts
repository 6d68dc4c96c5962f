import GtfsRealtimeBindings from 'gtfs-realtime-bindings'

/**
 * Reading fields of a FeedMessage the way the rules need them, for both shapes a message comes in: decoded by
 * gtfs-realtime-bindings (an unset field is absent from the object but its default sits on the prototype, so
 * `stu.stopSequence` reads 0 when the feed never set it) and plain objects (IFeedMessage) built by a producer.
 */
export const rt: typeof GtfsRealtimeBindings.transit_realtime = GtfsRealtimeBindings.transit_realtime
export type FeedMessageLike = GtfsRealtimeBindings.transit_realtime.IFeedMessage
type FeedEntityLike = GtfsRealtimeBindings.transit_realtime.IFeedEntity
export type TripDescriptorLike = GtfsRealtimeBindings.transit_realtime.ITripDescriptor
export type StopTimeUpdateLike = GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate
export type VehicleDescriptorLike = GtfsRealtimeBindings.transit_realtime.IVehicleDescriptor

/** Whether the feed set the field (protobuf "has"), for decoded and plain messages alike. */
export function isSet<T extends object>(message: T | null | undefined, field: keyof T & string): boolean {
  return message != null && Object.hasOwn(message, field) && message[field] != null
}

/** A set field's value, or undefined when the feed did not set it. */
export function fieldOf<T extends object, K extends keyof T & string>(message: T | null | undefined, field: K): NonNullable<T[K]> | undefined {
  return message != null && isSet(message, field) ? (message[field] as NonNullable<T[K]>) : undefined
}

/** A set string field, or undefined when unset or empty (the validator treats "" as missing for ids). */
export function idOf<T extends object, K extends keyof T & string>(message: T | null | undefined, field: K): string | undefined {
  const value = fieldOf(message, field)
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A uint64/int64 field (decoded as Long, or a number in plain objects) as a number; undefined when unset. */
export function numberOf<T extends object, K extends keyof T & string>(message: T | null | undefined, field: K): number | undefined {
  const value = fieldOf(message, field)
  return value === undefined ? undefined : Number(value)
}

/** A feed entity's trip_update, vehicle or alert, with the entity's id. */
interface EntityOf<T> {
  entityId: string
  value: T
}

function entitiesWith<K extends 'tripUpdate' | 'vehicle' | 'alert'>(message: FeedMessageLike, field: K): Array<EntityOf<NonNullable<FeedEntityLike[K]>>> {
  const found: Array<EntityOf<NonNullable<FeedEntityLike[K]>>> = []
  for (const entity of message.entity ?? []) {
    const value = fieldOf(entity, field)
    if (value !== undefined) found.push({ entityId: entity.id ?? '', value })
  }
  return found
}

export const tripUpdatesOf = (message: FeedMessageLike) => entitiesWith(message, 'tripUpdate')
export const vehiclePositionsOf = (message: FeedMessageLike) => entitiesWith(message, 'vehicle')
export const alertsOf = (message: FeedMessageLike) => entitiesWith(message, 'alert')

/** Words naming a stop_time_update in messages: its stop_sequence, else its stop_id. */
export function describeStopTimeUpdate(stu: StopTimeUpdateLike): string {
  const sequence = fieldOf(stu, 'stopSequence')
  return sequence !== undefined ? `stop_sequence ${sequence}` : `stop_id "${idOf(stu, 'stopId') ?? ''}"`
}

/** Words naming a trip descriptor in messages. */
export function describeTrip(trip: TripDescriptorLike | null | undefined): string {
  const tripId = idOf(trip, 'tripId')
  if (tripId !== undefined) return `trip_id "${tripId}"`
  const routeId = idOf(trip, 'routeId')
  return routeId !== undefined ? `trip of route_id "${routeId}" without trip_id` : 'trip without trip_id'
}

/** An instant in POSIX seconds, as UTC text for messages. */
export function describeInstant(seconds: number): string {
  const ms = seconds * 1000
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? `${seconds} (${new Date(ms).toISOString().replace('.000Z', 'Z')})` : String(seconds)
}

const tripRelationship = rt.TripDescriptor.ScheduleRelationship

/** ADDED, or NEW (its successor): a trip that is not in the static schedule. */
export function isAddedTrip(trip: TripDescriptorLike | null | undefined): boolean {
  const relationship = fieldOf(trip, 'scheduleRelationship')
  return relationship === tripRelationship.ADDED || relationship === tripRelationship.NEW
}
