import type { Arrival } from '@masar/model/api/arrival'

export interface SheetRoute {
  routeId: string
  label: string
  /** The headsigns seen, so the sheet can say where each route goes. */
  headsigns: string[]
}

const collator = new Intl.Collator('en', { numeric: true })

/**
 * The routes serving a stop, for its printed sheet: one per route from the arrivals (timetabled and live, not the
 * cancelled ones alone), labelled by short name, in natural order (2 before 10, 10 before 10A).
 */
export function sheetRoutes(arrivals: ReadonlyArray<Pick<Arrival, 'routeId' | 'routeShortName' | 'headsign' | 'cancelled'>>): SheetRoute[] {
  const byId = new Map<string, SheetRoute>()
  for (const arrival of arrivals) {
    let route = byId.get(arrival.routeId)
    if (!route) {
      route = { routeId: arrival.routeId, label: arrival.routeShortName?.trim() || arrival.routeId, headsigns: [] }
      byId.set(arrival.routeId, route)
    }
    const headsign = arrival.headsign?.trim()
    if (headsign && !arrival.cancelled && !route.headsigns.includes(headsign)) route.headsigns.push(headsign)
  }
  return [...byId.values()].sort((a, b) => collator.compare(a.label, b.label) || collator.compare(a.routeId, b.routeId))
}

/** The SMS to send: the stop code, or the id when the stop has no code on its sign. */
export function smsText(stop: { stopId: string; code: string | null }): string {
  return stop.code?.trim() || stop.stopId
}
