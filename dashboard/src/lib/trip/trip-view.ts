import type { TripResponse, TripStop } from '@masar/model/api/trips'

/** GET /api/v1/trips/:id (api/src/riders/riders-plugin.ts): the trip's stops and the bus working it now. */
export type { TripResponse, TripStop }

export interface TripRow {
  stopId: string
  name: string
  passed: boolean
  next: boolean
  /** The time to show: the prediction when there is one, else the timetable. */
  at: string | null
  realtime: boolean
  /** Minutes from now to the likely window, for stops still ahead with a prediction. */
  range: { from: number; to: number } | null
  minutes: number | null
}

const minutesFrom = (iso: string, nowMs: number) => Math.max(0, Math.round((Date.parse(iso) - nowMs) / 60_000))

/** The rows of the follow-my-bus list: passed stops flagged, the next one marked, ETAs in minutes with their range. */
export function tripRows(trip: Pick<TripResponse, 'stops' | 'vehicle'>, nowMs: number): TripRow[] {
  const nextIndex = trip.stops.findIndex((s) => s.passed === false)
  return trip.stops.map((stop, i) => {
    const passed = stop.passed === true
    const at = stop.expectedAt ?? stop.scheduledAt
    const realtime = stop.expectedAt !== null
    return {
      stopId: stop.stopId, name: stop.name, passed, next: i === nextIndex, at, realtime,
      minutes: !passed && at ? minutesFrom(at, nowMs) : null,
      range: !passed && stop.earliest && stop.latest ? { from: minutesFrom(stop.earliest, nowMs), to: minutesFrom(stop.latest, nowMs) } : null,
    }
  })
}

/** Seconds since the bus's last fix (never negative when clocks disagree a little). */
export function fixAgeS(vehicle: Pick<NonNullable<TripResponse['vehicle']>, 'fixAt'>, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - Date.parse(vehicle.fixAt)) / 1000))
}

/** The stop the bus heads for, by name when the trip lists it. */
export function nextStopName(trip: Pick<TripResponse, 'stops' | 'vehicle'>): string | null {
  const id = trip.vehicle?.nextStopId ?? trip.stops.find((s) => s.passed === false)?.stopId
  if (!id) return null
  return trip.stops.find((s) => s.stopId === id)?.name ?? id
}

export function tripHref(tripId: string): string {
  return `#/trips/${encodeURIComponent(tripId)}`
}
