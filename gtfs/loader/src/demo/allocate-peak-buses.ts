export interface RouteCycle {
  /** Minutes for a bus to go out and back, layovers included. */
  cycleMinutes: number
  wishedHeadwayMinutes: number
}

const MIN_BUSES_PER_ROUTE = 2

/**
 * How many buses each route runs at the peak so that they add up to exactly `totalBuses`: first what each route's
 * wished headway needs, then one bus at a time to the route with the longest headway (or from the one with the
 * shortest) until the total is met. Ties go to the earlier route, so the result is deterministic.
 */
export function allocatePeakBuses(routes: readonly RouteCycle[], totalBuses: number): number[] {
  if (totalBuses < MIN_BUSES_PER_ROUTE * routes.length) {
    throw new RangeError(`${totalBuses} buses cannot run ${routes.length} routes with ${MIN_BUSES_PER_ROUTE} each`)
  }
  const buses = routes.map((r) => Math.max(MIN_BUSES_PER_ROUTE, Math.round(r.cycleMinutes / r.wishedHeadwayMinutes)))
  const headway = (i: number) => routes[i]!.cycleMinutes / buses[i]!
  let total = buses.reduce((sum, n) => sum + n, 0)
  while (total !== totalBuses) {
    const adding = total < totalBuses
    let chosen = -1
    for (let i = 0; i < routes.length; i++) {
      if (!adding && buses[i]! <= MIN_BUSES_PER_ROUTE) continue
      if (chosen < 0 || (adding ? headway(i) > headway(chosen) : headway(i) < headway(chosen))) chosen = i
    }
    buses[chosen]! += adding ? 1 : -1
    total += adding ? 1 : -1
  }
  return buses
}
