import { haversineM } from '@masar/model/geo/polyline'
import type { Random } from '../tracker/random.js'

/**
 * Correlated congestion: an incident (a crash, road works, a wedding convoy) slows every bus that crosses its
 * stretch of road while it lasts, so delays propagate along a corridor and bunch buses, as they do in a city.
 */
export interface CongestionEvent {
  lat: number
  lon: number
  radiusM: number
  startMs: number
  endMs: number
  /** Speed factor inside the area while it lasts (0.25 = a quarter of normal speed). */
  factor: number
}

export interface CongestionOptions {
  /** Incidents started per hour over the network. */
  eventsPerHour: number
  radiusM: readonly [number, number]
  durationMin: readonly [number, number]
  factor: readonly [number, number]
}

export const DEFAULT_CONGESTION: CongestionOptions = { eventsPerHour: 3, radiusM: [250, 700], durationMin: [10, 45], factor: [0.25, 0.6] }

const between = (random: Random, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * random.next()

/** Incidents over a window, each placed at a point of the network (a point the buses drive through). */
export function planCongestion(random: Random, places: ReadonlyArray<{ lat: number; lon: number }>, fromMs: number, toMs: number, options: CongestionOptions = DEFAULT_CONGESTION): CongestionEvent[] {
  const count = Math.round(((toMs - fromMs) / 3_600_000) * options.eventsPerHour)
  if (places.length === 0) return []
  return Array.from({ length: count }, () => {
    const place = random.pick(places)
    const startMs = fromMs + random.next() * (toMs - fromMs)
    return { lat: place.lat, lon: place.lon, radiusM: between(random, options.radiusM), startMs, endMs: startMs + between(random, options.durationMin) * 60_000, factor: between(random, options.factor) }
  }).sort((a, b) => a.startMs - b.startMs)
}

/** The slowest active incident's factor at a place and time (1 when none). */
export function congestionFactor(events: readonly CongestionEvent[], lat: number, lon: number, atMs: number): number {
  let factor = 1
  for (const event of events) {
    if (event.startMs > atMs) break
    if (event.endMs < atMs || event.factor >= factor) continue
    if (haversineM(lat, lon, event.lat, event.lon) <= event.radiusM) factor = event.factor
  }
  return factor
}
