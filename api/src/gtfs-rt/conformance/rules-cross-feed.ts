import type { RuleInput } from './check-context.js'
import { idOf, tripUpdatesOf, vehiclePositionsOf, type FeedMessageLike } from './feed-fields.js'
import type { ScheduleIndex } from './schedule-index.js'

interface Pairings {
  vehicleOfTrip: Map<string, string>
  tripOfVehicle: Map<string, string>
  /** trip_ids given without a vehicle.id (TripUpdates), vehicle.ids given without a trip_id (VehiclePositions). */
  unpaired: Set<string>
  count: number
}

function pairingsOf(feed: FeedMessageLike, kind: 'trip-updates' | 'vehicle-positions'): Pairings {
  const pairings: Pairings = { vehicleOfTrip: new Map(), tripOfVehicle: new Map(), unpaired: new Set(), count: 0 }
  const entries = kind === 'trip-updates' ? tripUpdatesOf(feed).map(({ value }) => value) : vehiclePositionsOf(feed).map(({ value }) => value)
  for (const entry of entries) {
    const tripId = idOf(entry.trip, 'tripId')
    const vehicleId = idOf(entry.vehicle, 'id')
    const key = kind === 'trip-updates' ? tripId : vehicleId
    if (key === undefined) continue
    pairings.count += 1
    if (tripId !== undefined && vehicleId !== undefined) {
      pairings.vehicleOfTrip.set(tripId, vehicleId)
      pairings.tripOfVehicle.set(vehicleId, tripId)
    } else pairings.unpaired.add(key)
  }
  return pairings
}

const sameBlock = (schedule: ScheduleIndex | undefined, a: string, b: string) => {
  const blockA = schedule?.trip(a)?.trip.blockId
  return blockA != null && blockA === schedule?.trip(b)?.trip.blockId
}

/**
 * With the agency's other feed (TripUpdates beside VehiclePositions): W003 a trip or vehicle in one feed is missing
 * from the other, E047 a vehicle and trip are paired differently in the two (as the validator's
 * CrossFeedDescriptorValidator; a vehicle on another trip of the same block is not a mismatch).
 */
export function checkCrossFeedRules({ message, context, schedule, log }: RuleInput, kind: 'trip-updates' | 'vehicle-positions'): void {
  const other = kind === 'trip-updates' ? context.companions?.vehiclePositions : context.companions?.tripUpdates
  if (!other) return
  const tu = pairingsOf(kind === 'trip-updates' ? message : other, 'trip-updates')
  const vp = pairingsOf(kind === 'vehicle-positions' ? message : other, 'vehicle-positions')
  if (tu.count === 0 || vp.count === 0) return
  for (const [tripId, vehicleId] of tu.vehicleOfTrip) {
    if (!vp.vehicleOfTrip.has(tripId)) log.add('W003', undefined, `trip_id "${tripId}" is in TripUpdates but not in VehiclePositions`)
    if (!vp.tripOfVehicle.has(vehicleId) && !vp.unpaired.has(vehicleId)) log.add('W003', undefined, `vehicle.id "${vehicleId}" is in TripUpdates but not in VehiclePositions`)
    const vpVehicle = vp.vehicleOfTrip.get(tripId)
    if (vpVehicle !== undefined && vpVehicle !== vehicleId) {
      log.add('E047', undefined, `trip_id "${tripId}" has vehicle.id "${vehicleId}" in TripUpdates but vehicle.id "${vpVehicle}" in VehiclePositions`)
    }
  }
  for (const [vehicleId, tripId] of vp.tripOfVehicle) {
    if (!tu.tripOfVehicle.has(vehicleId)) log.add('W003', undefined, `vehicle.id "${vehicleId}" is in VehiclePositions but not in TripUpdates`)
    if (!tu.vehicleOfTrip.has(tripId) && !tu.unpaired.has(tripId)) log.add('W003', undefined, `trip_id "${tripId}" is in VehiclePositions but not in TripUpdates`)
    const tuTrip = tu.tripOfVehicle.get(vehicleId)
    if (tuTrip !== undefined && tuTrip !== tripId && !sameBlock(schedule, tuTrip, tripId)) {
      log.add('E047', undefined, `vehicle.id "${vehicleId}" is on trip_id "${tripId}" in VehiclePositions but on trip_id "${tuTrip}" in TripUpdates, not of the same block`)
    }
  }
  for (const tripId of tu.unpaired) if (!vp.vehicleOfTrip.has(tripId)) log.add('W003', undefined, `trip_id "${tripId}" is in TripUpdates but not in VehiclePositions`)
  for (const vehicleId of vp.unpaired) if (!tu.tripOfVehicle.has(vehicleId)) log.add('W003', undefined, `vehicle.id "${vehicleId}" is in VehiclePositions but not in TripUpdates`)
}
