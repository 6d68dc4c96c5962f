import type { RuleInput } from './check-context.js'
import { describeInstant, describeStopTimeUpdate, describeTrip, numberOf, tripUpdatesOf } from './feed-fields.js'

type Event = 'arrival' | 'departure'
const EVENTS: readonly Event[] = ['arrival', 'departure']

/**
 * E022: along a trip_update, each arrival/departure time must be later than the latest earlier arrival and
 * departure times (equal counts as not increasing, as in the validator; one issue per time). E025: at one stop,
 * departure before arrival.
 */
export function checkPredictedTimeRules({ message, log }: RuleInput): void {
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    const trip = describeTrip(tripUpdate.trip)
    const latest: Partial<Record<Event, { time: number; stop: string }>> = {}
    for (const stu of tripUpdate.stopTimeUpdate ?? []) {
      const stop = describeStopTimeUpdate(stu)
      const times = { arrival: numberOf(stu.arrival, 'time'), departure: numberOf(stu.departure, 'time') }
      for (const event of EVENTS) {
        const time = times[event]
        if (time === undefined) continue
        const notAfter = EVENTS.find((earlier) => latest[earlier] !== undefined && time <= latest[earlier].time)
        if (notAfter) {
          const earlier = latest[notAfter]!
          log.add('E022', entityId, `${trip} ${stop} ${event}.time ${describeInstant(time)} is not after the ${notAfter}.time ${describeInstant(earlier.time)} at ${earlier.stop}`)
        }
      }
      if (times.arrival !== undefined && times.departure !== undefined && times.departure < times.arrival) {
        log.add('E025', entityId, `${trip} ${stop} departure.time ${describeInstant(times.departure)} is before its arrival.time ${describeInstant(times.arrival)}`)
      }
      for (const event of EVENTS) if (times[event] !== undefined) latest[event] = { time: times[event], stop }
    }
  }
}
