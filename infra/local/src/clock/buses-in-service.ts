import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates, serviceDayOriginMs } from '@masar/model/gtfs/service-day'

/** How many buses (blocks) of a schedule are between their first departure and their last arrival at an instant. */
export function busesInServiceAt(schedule: Schedule, atMs: number): number {
  let buses = 0
  for (const serviceDate of candidateServiceDates(atMs, schedule.timeZone)) {
    const secondsIntoDay = (atMs - serviceDayOriginMs(serviceDate, schedule.timeZone)) / 1000
    for (const { trips } of schedule.blocksOn(serviceDate)) {
      const first = trips[0]
      const last = trips.at(-1)
      if (!first || !last) continue
      const fromS = first.departures[0] ?? Number.POSITIVE_INFINITY
      const toS = last.arrivals.at(-1) ?? Number.NEGATIVE_INFINITY
      if (fromS <= secondsIntoDay && secondsIntoDay <= toS) buses += 1
    }
  }
  return buses
}
