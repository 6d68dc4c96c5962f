import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates, serviceDayOriginMs } from '@masar/model/gtfs/service-day'

/**
 * The GTFS trip an AVL system names by route and scheduled departure from the first stop (SIRI's LineRef and
 * OriginAimedDepartureTime; many CAD systems say the same): the trip of that route, running on the service day,
 * that leaves its first stop then. Two such trips (both directions at once) name none: a wrong trip is worse
 * than none, the matcher finds it from the fixes.
 */
const MAX_ANSWERS = 100_000

export class JourneyTrips {
  /** route id → first departure (seconds of the service day) → trips leaving then */
  readonly #byRoute = new Map<string, Map<number, { tripId: string; serviceId: string }[]>>()
  readonly #servicesByDate = new Map<string, ReadonlySet<string>>()
  /** Answers by route and departure: an AVL feed names the same journey in every fix of it. */
  readonly #answers = new Map<string, string | null>()

  constructor(private readonly schedule: Schedule) {
    for (const trip of schedule.trips.values()) {
      const firstDepartureS = trip.departures[0]
      if (firstDepartureS === undefined || trip.headwayBased) continue
      let byDeparture = this.#byRoute.get(trip.routeId)
      if (!byDeparture) this.#byRoute.set(trip.routeId, (byDeparture = new Map()))
      const leaving = byDeparture.get(firstDepartureS) ?? []
      leaving.push({ tripId: trip.tripId, serviceId: trip.serviceId })
      byDeparture.set(firstDepartureS, leaving)
    }
  }

  /** The trip id, or null when the route has no such departure or more than one. */
  tripOf(routeId: string, journeyStartMs: number): string | null {
    const key = `${routeId}\u0000${journeyStartMs}`
    let answer = this.#answers.get(key)
    if (answer === undefined) {
      if (this.#answers.size >= MAX_ANSWERS) this.#answers.clear()
      this.#answers.set(key, (answer = this.#find(routeId, journeyStartMs)))
    }
    return answer
  }

  #find(routeId: string, journeyStartMs: number): string | null {
    const byDeparture = this.#byRoute.get(routeId)
    if (!byDeparture) return null
    const found = new Set<string>()
    for (const serviceDate of candidateServiceDates(journeyStartMs, this.schedule.timeZone)) {
      const departureS = (journeyStartMs - serviceDayOriginMs(serviceDate, this.schedule.timeZone)) / 1000
      if (!Number.isInteger(departureS)) continue
      let services = this.#servicesByDate.get(serviceDate)
      if (!services) this.#servicesByDate.set(serviceDate, (services = this.schedule.servicesOn(serviceDate)))
      for (const trip of byDeparture.get(departureS) ?? []) if (services.has(trip.serviceId)) found.add(trip.tripId)
    }
    return found.size === 1 ? [...found][0]! : null
  }
}
