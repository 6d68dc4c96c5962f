import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates, serviceDayOriginMs } from '@masar/model/gtfs/service-day'

/**
 * The service days whose trips may be running at an instant (yesterday's past midnight, today's, tomorrow's once
 * its day has begun), each with its origin and the services it runs. Origins are whole minutes in every zone, so
 * the answer is kept per minute: the many fixes of one minute cost one time-zone lookup.
 */
export interface ServiceDay {
  serviceDate: string
  /** Epoch ms of the day's GTFS time 00:00:00 (noon minus 12 h). */
  originMs: number
  services: ReadonlySet<string>
}

const MINUTE_MS = 60_000
const MINUTES_KEPT = 240

export class ServiceDays {
  readonly #days = new Map<string, ServiceDay>()
  readonly #byMinute = new Map<number, ServiceDay[]>()

  constructor(private readonly schedule: Schedule) {}

  at(atMs: number): ServiceDay[] {
    const minute = Math.floor(atMs / MINUTE_MS)
    let days = this.#byMinute.get(minute)
    if (!days) {
      days = candidateServiceDates(atMs, this.schedule.timeZone).map((date) => this.day(date))
      if (this.#byMinute.size >= MINUTES_KEPT) this.#byMinute.clear()
      this.#byMinute.set(minute, days)
    }
    return days
  }

  day(serviceDate: string): ServiceDay {
    let day = this.#days.get(serviceDate)
    if (!day) {
      day = { serviceDate, originMs: serviceDayOriginMs(serviceDate, this.schedule.timeZone), services: this.schedule.servicesOn(serviceDate) }
      this.#days.set(serviceDate, day)
    }
    return day
  }
}
