import { RecentValues } from './recent-values.js'

/**
 * How early buses of a route leave a stop against the timetable, learned from their departures: the earliest
 * few percent. A route whose drivers wait when running early shows a floor (e.g. one minute before time); on a
 * route whose buses leave whenever they are ready the floor lies far below and never binds. Until enough
 * departures are seen there is no floor.
 */
const KEEP = 400
const MIN_SEEN = 40
const QUANTILE = 0.03
const MAX_EARLY_S = 900

export class DepartureFloor {
  readonly #byRoute = new Map<string, RecentValues>()

  /** A departure `deviationS` seconds after (positive) or before (negative) its scheduled time. */
  observe(routeId: string, deviationS: number): void {
    let held = this.#byRoute.get(routeId)
    if (!held) this.#byRoute.set(routeId, (held = new RecentValues(KEEP)))
    held.add(deviationS)
  }

  /** Seconds before its scheduled departure a bus of the route can leave (≥ 0); null: no floor known. */
  earliestS(routeId: string): number | null {
    const held = this.#byRoute.get(routeId)
    if (!held || held.count < MIN_SEEN) return null
    const early = Math.max(0, -held.quantile(QUANTILE))
    return early > MAX_EARLY_S ? null : early
  }
}
