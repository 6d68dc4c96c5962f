import { createWriteStream, type WriteStream } from 'node:fs'
import type { BusEvent } from './bus.js'

/**
 * The simulator's ground truth as NDJSON, one event a line, times in ISO 8601 UTC: every stop visit (true arrival
 * and departure, where the bus stood), stops skipped (detour, breakdown), and each bus's trips (start, end), so
 * matching and arrival predictions can be scored exactly.
 */
export function formatTruth(event: BusEvent): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString()
  if (event.kind === 'visit') {
    const v = event.visit
    return {
      type: 'visit', vehicleId: v.vehicleId, tripId: v.tripId, routeId: v.routeId, stopId: v.stopId, stopSequence: v.stopSequence,
      scheduledArrival: iso(v.scheduledArrivalMs), scheduledDeparture: iso(v.scheduledDepartureMs),
      arrival: iso(v.arrivalMs), departure: iso(v.departureMs), lat: round6(v.lat), lon: round6(v.lon),
    }
  }
  const { kind, atMs, ...rest } = event
  return { type: kind, ...rest, at: iso(atMs) }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

export interface TruthWriter {
  write(event: BusEvent): void
  close(): Promise<void>
  readonly lines: number
}

export function createTruthWriter(path: string): TruthWriter {
  const stream: WriteStream = createWriteStream(path)
  let lines = 0
  return {
    write(event) {
      stream.write(`${JSON.stringify(formatTruth(event))}\n`)
      lines += 1
    },
    close: () => new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve()))),
    get lines() {
      return lines
    },
  }
}
