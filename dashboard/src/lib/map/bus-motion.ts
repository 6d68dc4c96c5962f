import { distance } from '@turf/distance'

/**
 * Smooth movement between pings, as pure functions: a bus glides from where the map shows it to its newly reported
 * position over a short, fixed time, its bearing turning the short way round, instead of jumping. What to animate
 * (zoom, view, count, reduced motion) is the caller's choice; this module only does the geometry and the timing.
 */
export type BusPose = {
  lon: number
  lat: number
  /** Degrees clockwise from north; negative when unknown (no arrow). */
  bearingDeg: number
}

export type Glide = {
  from: BusPose
  to: BusPose
  startMs: number
  durationMs: number
}

/** Long enough to read as movement, short enough that the map is never far behind the last ping. */
export const GLIDE_MS = 1500
/** Farther than this between two pings is a jump (a tracker back after a gap), shown at once, not slid across town. */
export const MAX_GLIDE_METRES = 1500

/** Great-circle metres (turf's): once per bus per ping, far from a hot path. */
export function distanceMetres(a: BusPose, b: BusPose): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })
}

/** The bearing a fraction `t` of the way from `fromDeg` to `toDeg`, turning the short way round; in [0, 360). */
export function interpolateBearing(fromDeg: number, toDeg: number, t: number): number {
  if (fromDeg < 0 || toDeg < 0) return toDeg
  const turn = ((((toDeg - fromDeg) % 360) + 540) % 360) - 180
  return (((fromDeg + turn * t) % 360) + 360) % 360
}

/** Whether a move is worth a glide: it moved (or turned) and is not a jump. */
export function shouldGlide(from: BusPose, to: BusPose): boolean {
  const moved = from.lon !== to.lon || from.lat !== to.lat || from.bearingDeg !== to.bearingDeg
  return moved && distanceMetres(from, to) <= MAX_GLIDE_METRES
}

export function startGlide(from: BusPose, to: BusPose, nowMs: number, durationMs = GLIDE_MS): Glide {
  return { from, to, startMs: nowMs, durationMs }
}

export function isGlideDone(glide: Glide, nowMs: number): boolean {
  return nowMs - glide.startMs >= glide.durationMs
}

/** Where a gliding bus is at `nowMs` (at constant speed, as a bus between two pings). */
export function poseAt(glide: Glide, nowMs: number): BusPose {
  const t = Math.min(1, Math.max(0, (nowMs - glide.startMs) / glide.durationMs))
  if (t === 1) return glide.to
  const { from, to } = glide
  return {
    lon: from.lon + (to.lon - from.lon) * t,
    lat: from.lat + (to.lat - from.lat) * t,
    bearingDeg: interpolateBearing(from.bearingDeg, to.bearingDeg, t),
  }
}
