import type { VehicleHealth, VehicleView } from '@masar/model/api/vehicle-view'
import type { VehicleAdherence } from '@masar/model/realtime/vehicle-adherence'

/** The dispatchers' table: which vehicles match the filters, in which order, and how their figures read. */
export type SortKey = 'vehicleId' | 'route' | 'health' | 'deviation' | 'age'
export interface FleetSort {
  key: SortKey
  descending: boolean
}
export interface FleetFilter {
  /** A route id, or '' for all. */
  route: string
  health: VehicleHealth | 'all'
}

export const routeOf = (v: VehicleView): string | null => v.routeId ?? v.declaredRouteId

/** Seconds since the vehicle's last fix, on the clock given (the view's own ageS is as old as the message). */
export function ageSecondsOf(v: Pick<VehicleView, 'fixAt'>, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - Date.parse(v.fixAt)) / 1000))
}

const healthRank: Record<VehicleHealth, number> = { fresh: 0, stale: 1, offline: 2 }
const text = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff', 'en', { numeric: true })

export function selectVehicles(vehicles: readonly VehicleView[], filter: FleetFilter, sort: FleetSort, nowMs: number): VehicleView[] {
  const rows = vehicles.filter((v) => (filter.route === '' || routeOf(v) === filter.route) && (filter.health === 'all' || v.health === filter.health))
  const compare: Record<SortKey, (a: VehicleView, b: VehicleView) => number> = {
    vehicleId: (a, b) => text(a.vehicleId, b.vehicleId),
    route: (a, b) => text(routeOf(a), routeOf(b)),
    health: (a, b) => healthRank[a.health] - healthRank[b.health],
    // No deviation (no trip) sorts last either way.
    deviation: (a, b) => (a.scheduleDeviationS ?? (sort.descending ? -Infinity : Infinity)) - (b.scheduleDeviationS ?? (sort.descending ? -Infinity : Infinity)),
    age: (a, b) => ageSecondsOf(a, nowMs) - ageSecondsOf(b, nowMs),
  }
  const direction = sort.descending ? -1 : 1
  return rows.sort((a, b) => direction * compare[sort.key](a, b) || text(a.vehicleId, b.vehicleId))
}

/** Distinct routes of the fleet, for the filter. */
export function routesOf(vehicles: readonly VehicleView[]): string[] {
  return [...new Set(vehicles.map(routeOf).filter((r): r is string => r !== null))].sort((a, b) => text(a, b))
}

/** Deviation as signed minutes:seconds, "+3:05" late, "−1:20" early (U+2212 minus). */
export function formatDeviation(deviationS: number | null): string | null {
  if (deviationS === null) return null
  const abs = Math.abs(Math.round(deviationS))
  const sign = deviationS > 0 ? '+' : deviationS < 0 ? '\u2212' : ''
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`
}

/** A headway as minutes:seconds ("4:00"). */
export function formatHeadway(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * The figure the table shows beside the adherence class: the signed deviation on a timetabled trip ("+3:05"), the
 * gap to the bus ahead and the scheduled headway on a route run to a headway ({ gap: "6:10", headway: "4:00" }).
 */
export type AdherenceFigure = { kind: 'schedule'; deviation: string } | { kind: 'headway'; gap: string | null; headway: string } | null

export function adherenceFigureOf(adherence: VehicleAdherence | null): AdherenceFigure {
  if (adherence === null) return null
  if (adherence.kind === 'schedule') return { kind: 'schedule', deviation: formatDeviation(adherence.deviationS)! }
  return { kind: 'headway', gap: adherence.gapS === null ? null : formatHeadway(adherence.gapS), headway: formatHeadway(adherence.scheduledHeadwayS) }
}
