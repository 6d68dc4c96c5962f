import type { Arrival } from '@masar/model/api/arrival'
import type { LiveMessage } from '@masar/model/api/live'

/**
 * The arrivals at a stop as a rider reads them: counted down from the server's clock, grouped per route, and
 * kept current from the live stream's `arrivals` messages.
 */

/** An arrival stays listed this long after its time (the api keeps them 30 s too): "now" while the bus pulls in. */
export const DEPARTED_AFTER_MS = 30_000
/** The live stream sends at most this many arrivals a stop, all routes together (api/src/live/live-plugin.ts). */
export const LIVE_ARRIVALS_CAP = 10

export function secondsUntil(atIso: string, nowMs: number): number {
  return Math.floor((Date.parse(atIso) - nowMs) / 1000)
}

/** Whole minutes left, rounded down (a rider is better early), never below 0; 0 reads "now". */
export function countdownMinutes(atIso: string, nowMs: number): number {
  return Math.max(0, Math.floor(secondsUntil(atIso, nowMs) / 60))
}

/** The p10–p90 window of a realtime prediction in minutes from now, or null (timetable, or no spread to tell). */
export function rangeMinutes(arrival: Pick<Arrival, 'earliest' | 'latest'>, nowMs: number): { from: number; to: number } | null {
  if (!arrival.earliest || !arrival.latest) return null
  const from = countdownMinutes(arrival.earliest, nowMs)
  const to = Math.max(from, Math.ceil(secondsUntil(arrival.latest, nowMs) / 60))
  return to > from ? { from, to } : null
}

export interface RouteGroup {
  routeId: string
  routeShortName: string | null
  arrivals: Arrival[]
}

/** Arrivals per route, each route's soonest first and at most `perRoute`; the route with the next bus first. */
export function groupByRoute(arrivals: readonly Arrival[], perRoute: number): RouteGroup[] {
  const groups = new Map<string, RouteGroup>()
  for (const arrival of [...arrivals].sort(byTime)) {
    let group = groups.get(arrival.routeId)
    if (!group) {
      group = { routeId: arrival.routeId, routeShortName: arrival.routeShortName, arrivals: [] }
      groups.set(arrival.routeId, group)
    }
    if (group.arrivals.length < perRoute) group.arrivals.push(arrival)
  }
  return [...groups.values()]
}

/** Drops the buses that have gone (more than DEPARTED_AFTER_MS past their time). */
export function upcoming(arrivals: readonly Arrival[], nowMs: number): Arrival[] {
  return arrivals.filter((a) => Date.parse(a.at) >= nowMs - DEPARTED_AFTER_MS)
}

/**
 * The arrivals after a live message: the message's list replaces ours for its stop. The stream caps a stop at
 * LIVE_ARRIVALS_CAP arrivals, so a full message says nothing past its last one: there we keep what we knew
 * (later trips the REST call gave, e.g. a route that comes once an hour).
 */
export function arrivalsAfterMessage(stopId: string, current: readonly Arrival[], message: LiveMessage): readonly Arrival[] {
  if (message.type !== 'arrivals' || message.stopId !== stopId) return current
  const incoming = [...message.arrivals].sort(byTime)
  const last = incoming.at(-1)
  if (incoming.length < LIVE_ARRIVALS_CAP || !last) return incoming
  const known = new Set(incoming.map(keyOf))
  const beyond = current.filter((a) => a.at > last.at && !known.has(keyOf(a)))
  return [...incoming, ...beyond].sort(byTime)
}

const keyOf = (a: Arrival) => `${a.tripId}@${a.scheduledAt}`
const byTime = (a: Arrival, b: Arrival) => Date.parse(a.at) - Date.parse(b.at)
