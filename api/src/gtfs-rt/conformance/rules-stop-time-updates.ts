import type { RuleInput } from './check-context.js'
import { describeStopTimeUpdate, describeTrip, idOf, isSet, rt, tripUpdatesOf, fieldOf, type StopTimeUpdateLike } from './feed-fields.js'

const { SKIPPED, NO_DATA } = rt.TripUpdate.StopTimeUpdate.ScheduleRelationship
const { CANCELED, DELETED } = rt.TripDescriptor.ScheduleRelationship

/** The stop_sequences the updates give, in feed order (updates without one left out). */
export function givenStopSequences(updates: readonly StopTimeUpdateLike[]): number[] {
  return updates.flatMap((stu) => {
    const sequence = fieldOf(stu, 'stopSequence')
    return sequence === undefined ? [] : [sequence]
  })
}

export function strictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!)
}

const listed = (values: readonly unknown[]) => (values.length > 30 ? `${values.slice(0, 30).join(', ')}, …` : values.join(', '))

/**
 * The rules on a trip_update's stop_time_updates that need nothing but the feed: E002 stop_sequence order,
 * E036/E037 repeated stop, E040 no stop reference, E041 no updates, E042 times on NO_DATA, E043 no arrival or
 * departure, E044 an arrival/departure with neither delay nor time.
 */
export function checkStopTimeUpdateRules({ message, log }: RuleInput): void {
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    const trip = describeTrip(tripUpdate.trip)
    const updates = tripUpdate.stopTimeUpdate ?? []
    const relationship = fieldOf(tripUpdate.trip, 'scheduleRelationship')
    if (updates.length === 0 && relationship !== CANCELED && relationship !== DELETED) {
      log.add('E041', entityId, `${trip} has no stop_time_updates and is not CANCELED`)
    }
    const sequences = givenStopSequences(updates)
    if (!strictlyIncreasing(sequences)) log.add('E002', entityId, `${trip} stop_time_updates are not in strictly increasing stop_sequence order: ${listed(sequences)}`)
    updates.forEach((stu, i) => {
      const previous = i > 0 ? updates[i - 1]! : undefined
      const sequence = fieldOf(stu, 'stopSequence')
      const stopId = idOf(stu, 'stopId')
      const stop = `${trip} ${describeStopTimeUpdate(stu)}`
      if (previous && sequence !== undefined && sequence === fieldOf(previous, 'stopSequence')) {
        log.add('E036', entityId, `${trip} has two consecutive stop_time_updates with stop_sequence ${sequence}`)
      }
      const previousSequence = fieldOf(previous, 'stopSequence')
      const loopBetween = sequence !== undefined && previousSequence !== undefined && sequence !== previousSequence
      if (previous && stopId !== undefined && stopId === idOf(previous, 'stopId') && !loopBetween) {
        log.add('E037', entityId, `${trip} has two consecutive stop_time_updates for stop_id "${stopId}"${sequence === undefined ? '' : ` (stop_sequence ${sequence})`}`)
      }
      if (sequence === undefined && stopId === undefined) log.add('E040', entityId, `${trip} stop_time_update #${i + 1} has neither stop_id nor stop_sequence`)
      const stopRelationship = fieldOf(stu, 'scheduleRelationship')
      const events = (['arrival', 'departure'] as const).filter((event) => isSet(stu, event))
      if (stopRelationship === NO_DATA && events.length > 0) log.add('E042', entityId, `${stop} is NO_DATA but gives ${events.join(' and ')}`)
      if (events.length === 0 && stopRelationship !== SKIPPED && stopRelationship !== NO_DATA) log.add('E043', entityId, `${stop} has neither arrival nor departure`)
      if (stopRelationship === SKIPPED) return
      for (const event of events) {
        if (!isSet(stu[event], 'delay') && !isSet(stu[event], 'time')) log.add('E044', entityId, `${stop} ${event} has neither delay nor time`)
      }
    })
  }
}
