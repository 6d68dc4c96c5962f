import { formatGtfsTime, parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { RuleInput } from './check-context.js'
import { describeStopTimeUpdate, idOf, isAddedTrip, isSet, numberOf, tripUpdatesOf, fieldOf, type StopTimeUpdateLike } from './feed-fields.js'
import type { IssueLog } from './issue-log.js'
import { givenStopSequences, strictlyIncreasing } from './rules-stop-time-updates.js'
import { tripDescriptorsOf } from './rules-trip-descriptors.js'
import type { StaticTrip } from './schedule-index.js'

function repeatedStops(stopIds: readonly string[]): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const stopId of stopIds) (seen.has(stopId) ? repeated : seen).add(stopId)
  return [...repeated]
}

/** E046: an arrival/departure given only as a delay needs a GTFS time at that stop to add the delay to. */
function checkDelayHasScheduledTime(log: IssueLog, entityId: string, known: StaticTrip, at: number, stu: StopTimeUpdateLike): void {
  const hasGtfsTime = (known.trip.arrivals[at] ?? -1) >= 0 || (known.trip.departures[at] ?? -1) >= 0
  if (hasGtfsTime) return
  for (const event of ['arrival', 'departure'] as const) {
    if (isSet(stu, event) && numberOf(stu[event], 'time') === undefined) {
      log.add('E046', entityId, `trip_id "${known.trip.templateTripId ?? known.trip.tripId}" ${describeStopTimeUpdate(stu)} gives ${event} without time, and the GTFS stop_times.txt has no arrival_time or departure_time at stop_id "${known.trip.stopIds[at]}" to add its delay to`)
    }
  }
}

/**
 * Places a trip_update's stop_time_updates on its GTFS trip: by stop_sequence when GtfsExtras give the trip's
 * stop_sequences (E051 when absent from the trip, E045 when that stop is another stop_id), otherwise by stop_id,
 * searching forward from the previous update (E002 when the stop only comes earlier in the trip). Then E046.
 */
function checkUpdatesAgainstTrip(log: IssueLog, entityId: string, known: StaticTrip, updates: readonly StopTimeUpdateLike[]): void {
  const tripId = known.trip.templateTripId ?? known.trip.tripId
  const { stopIds } = known.trip
  const indexBySequence = known.stopSequences ? new Map(known.stopSequences.map((sequence, i) => [sequence, i])) : null
  let next = 0
  let outOfOrder: string | undefined
  for (const stu of updates) {
    const sequence = fieldOf(stu, 'stopSequence')
    const stopId = idOf(stu, 'stopId')
    let at: number | undefined
    if (sequence !== undefined && indexBySequence) {
      at = indexBySequence.get(sequence)
      if (at === undefined) {
        const sequences = known.stopSequences!
        log.add('E051', entityId, `trip_id "${tripId}" stop_time_update has stop_sequence ${sequence}, which the GTFS trip does not have (its ${sequences.length} stops: stop_sequence ${sequences[0]}..${sequences.at(-1)})`)
        continue
      }
      if (stopId !== undefined && stopIds[at] !== stopId) {
        log.add('E045', entityId, `trip_id "${tripId}" stop_time_update stop_sequence ${sequence} has stop_id "${stopId}", but GTFS stop_sequence ${sequence} is stop_id "${stopIds[at]}"`)
      }
    } else if (stopId !== undefined) {
      const found = stopIds.indexOf(stopId, next)
      if (found >= 0) at = found
      else if (sequence === undefined && stopIds.indexOf(stopId) >= 0) outOfOrder ??= stopId
    }
    if (at === undefined) continue
    next = at + 1
    if (!known.frequency) checkDelayHasScheduledTime(log, entityId, known, at, stu)
  }
  if (outOfOrder !== undefined && strictlyIncreasing(givenStopSequences(updates))) {
    log.add('E002', entityId, `trip_id "${tripId}" stop_time_updates are not in the trip's stop order: stop_id "${outOfOrder}" comes after a stop that follows it in the GTFS trip`)
  }
}

/** Trips compared with their GTFS trip: E009, E023 start_time, E024 direction_id, and the stop placement rules above. */
export function checkScheduleMatchRules({ message, schedule, log }: RuleInput): void {
  if (!schedule) return
  for (const { entityId, trip, where, label } of tripDescriptorsOf(message)) {
    const tripId = idOf(trip, 'tripId')
    const known = tripId === undefined || isAddedTrip(trip) || where === 'alert' ? undefined : schedule.trip(tripId)
    if (!known) continue
    const startTime = fieldOf(trip, 'startTime')
    const startS = startTime === undefined ? null : parseGtfsTime(startTime)
    const firstArrivalS = known.trip.arrivals[0] ?? -1
    if (!known.frequency && startS !== null && firstArrivalS >= 0 && startS !== firstArrivalS) {
      log.add('E023', entityId, `${label} trip_id "${tripId}" start_time is "${startTime}" but its first GTFS arrival_time is ${formatGtfsTime(firstArrivalS)}`)
    }
    const directionId = fieldOf(trip, 'directionId')
    if (directionId !== undefined && known.trip.directionId !== directionId) {
      log.add('E024', entityId, `${label} trip_id "${tripId}" direction_id is ${directionId} but the GTFS trip's direction_id is ${known.trip.directionId ?? 'empty'}`)
    }
  }
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    const tripId = idOf(tripUpdate.trip, 'tripId')
    const known = tripId === undefined || isAddedTrip(tripUpdate.trip) ? undefined : schedule.trip(tripId)
    if (!known) continue
    const updates = tripUpdate.stopTimeUpdate ?? []
    const repeated = repeatedStops(known.trip.stopIds)
    if (repeated.length > 0 && updates.some((stu) => !isSet(stu, 'stopSequence'))) {
      log.add('E009', entityId, `trip_id "${tripId}" visits stop_id ${repeated.map((s) => `"${s}"`).join(', ')} more than once, but some of its stop_time_updates have no stop_sequence`)
    }
    checkUpdatesAgainstTrip(log, entityId, known, updates)
  }
}
