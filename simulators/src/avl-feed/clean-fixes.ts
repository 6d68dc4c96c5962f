import { distance, point } from '@turf/turf'
import type { TraceRecord } from '../replay/trace-record.js'
import { median } from './median.js'

/** A position of one vehicle on one route, kept after cleaning. */
export interface Fix {
  atMs: number
  lat: number
  lon: number
  stopId?: string
  direction?: string
  /** Same position as the vehicle's fix before it (a parked bus, or a report re-served): no evidence of the road. */
  stale: boolean
}

export interface VehicleTrack {
  routeId: string
  vehicleId: string
  fixes: Fix[]
}

export interface CleaningLimits {
  /** Fixes farther than this from the fleet's median position are glitches. */
  maxKmFromFleet: number
  /** A fix that would need a faster move from the vehicle's previous fix is a glitch. */
  maxSpeedMps: number
}

export const DEFAULT_CLEANING_LIMITS: CleaningLimits = { maxKmFromFleet: 40, maxSpeedMps: 35 }

export interface CleanedTracks {
  tracks: VehicleTrack[]
  dropped: { farFromFleet: number; impossibleSpeed: number }
  staleRepeats: number
}

/**
 * Groups a time-ordered trace into one track per route and vehicle and drops glitches: fixes far from where the
 * fleet is (the median of all positions, which a few glitch rows cannot move) and fixes the bus could not have
 * reached from its previous one. Stale repeats are kept (their times still say the bus stood) but marked.
 */
export function cleanFixes(records: readonly TraceRecord[], limits: CleaningLimits = DEFAULT_CLEANING_LIMITS): CleanedTracks {
  const centre = point([median(records.map((r) => r.lon)), median(records.map((r) => r.lat))])
  const byKey = new Map<string, VehicleTrack>()
  const dropped = { farFromFleet: 0, impossibleSpeed: 0 }
  for (const record of records) {
    if (distance(centre, point([record.lon, record.lat])) > limits.maxKmFromFleet) {
      dropped.farFromFleet += 1
      continue
    }
    const routeId = record.routeId ?? ''
    const key = `${routeId}\u0000${record.vehicleId}`
    let track = byKey.get(key)
    if (!track) byKey.set(key, (track = { routeId, vehicleId: record.vehicleId, fixes: [] }))
    const fix: Fix = { atMs: record.atMs, lat: record.lat, lon: record.lon, stale: false }
    if (record.stopId !== undefined) fix.stopId = record.stopId
    if (record.direction !== undefined) fix.direction = record.direction
    track.fixes.push(fix)
  }
  let staleRepeats = 0
  const tracks = [...byKey.values()].sort((a, b) => compareText(a.routeId, b.routeId) || compareText(a.vehicleId, b.vehicleId))
  for (const track of tracks) {
    const before = track.fixes.length
    track.fixes = dropSpikes(track.fixes, limits.maxSpeedMps)
    dropped.impossibleSpeed += before - track.fixes.length
    for (let i = 1; i < track.fixes.length; i++) {
      const [previous, fix] = [track.fixes[i - 1]!, track.fixes[i]!]
      fix.stale = previous.lat === fix.lat && previous.lon === fix.lon
      if (fix.stale) staleRepeats += 1
    }
  }
  return { tracks, dropped, staleRepeats }
}

function speedMps(a: Fix, b: Fix): number {
  const metres = distance(point([a.lon, a.lat]), point([b.lon, b.lat])) * 1000
  return metres / Math.max(1, Math.abs(b.atMs - a.atMs) / 1000)
}

/** A fix the bus could reach neither from its last kept fix nor to its next one is a glitch (a spike). */
function dropSpikes(fixes: readonly Fix[], maxSpeedMps: number): Fix[] {
  const kept: Fix[] = []
  fixes.forEach((fix, i) => {
    const previous = kept.at(-1)
    const next = fixes[i + 1]
    const fromPrevious = previous === undefined || speedMps(previous, fix) > maxSpeedMps
    const toNext = next === undefined || speedMps(fix, next) > maxSpeedMps
    if (!(fromPrevious && toNext) || (previous === undefined && next === undefined)) kept.push(fix)
  })
  return kept
}

/** Code-unit order: the same on every machine and locale (determinism). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
