import type { PingPayload } from '@masar/model/telemetry/ping'

/**
 * One fix of a simulated tracker, as the other sources carry it: the vehicle's id (a source's device id: OsmAnd's
 * `id`, Traccar's `uniqueId`, a GTFS-RT vehicle id) and the ping the tracker took (Masar's wire form, speed in m/s).
 */
export interface SimulatedFix {
  vehicleId: string
  ping: PingPayload
}

/** The ways a simulated tracker reaches Masar (`npm run sim -- --via …`). */
export const VIAS = ['masar', 'osmand', 'traccar-json', 'traccar-url', 'traccar-mqtt', 'gtfs-rt'] as const
export type Via = (typeof VIAS)[number]

/** 1 knot = 1852 m per hour: Traccar keeps speeds in knots, and OsmAnd clients send them so. */
export const MPS_PER_KNOT = 1852 / 3600

export function knotsFromMps(speedMps: number): number {
  return speedMps / MPS_PER_KNOT
}

export function fixTimeMsOf(ping: PingPayload): number {
  return typeof ping.ts === 'number' ? ping.ts : Date.parse(ping.ts)
}

export const roundTo = (value: number, decimals: number): number => {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}
