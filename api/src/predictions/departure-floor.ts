import { quantileOfSorted } from './accuracy-table.js'

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
  readonly #byRoute = new Map<string, { values: Float64Array; next: number; count: number; sortedCache: Float64Array | null }>()

  /** A departure `earlyS` seconds before (negative) or after its scheduled time. */
  observe(routeId: string, deviationS: number): void {
    let held = this.#byRoute.get(routeId)
    if (!held) {
      held = { values: new Float64Array(KEEP), next: 0, count: 0, sortedCache: null }
      this.#byRoute.set(routeId, held)
    }
    held.values[held.next] = deviationS
    held.next = (held.next + 1) % KEEP
    held.count = Math.min(KEEP, held.count + 1)
    held.sortedCache = null
  }

  /** Seconds before its scheduled departure a bus of the route can leave (≥ 0); null: no floor known. */
  earliestS(routeId: string): number | null {
    const held = this.#byRoute.get(routeId)
    if (!held || held.count < MIN_SEEN) return null
    held.sortedCache ??= held.values.slice(0, held.count).sort()
    const q = quantileOfSorted(held.sortedCache, QUANTILE)
    const early = Math.max(0, -q)
    return early > MAX_EARLY_S ? null : early
  }
}
