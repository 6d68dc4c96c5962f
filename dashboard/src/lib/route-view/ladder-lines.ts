import { isBunched } from '@masar/model/realtime/headway-state'
import type { VehicleView } from '@masar/model/api/vehicle-view'
import type { LadderResponse } from '@masar/model/api/routes'

/**
 * A route's time–distance ladder, ready to draw: x is time over the window up to now (0..1, left to right), y the
 * distance along the route (0 at its first stop, 1 at its end). One line per bus working a trip, from the api's
 * stored runs and extended to now by the live fleet; a line is broken where its data has a gap. The buses running
 * now are ordered along the route with the time since the bus ahead passed where each is, so bunching (lines
 * converging) and gaps (wide spaces) can be read out as well as seen.
 */
export type LadderPoint = readonly [atMs: number, distanceM: number]
export type ChartPoint = readonly [x: number, y: number]

export interface LadderLine {
  key: string
  vehicleId: string
  tripId: string
  /** Its last point came from the live fleet. */
  live: boolean
  bunched: boolean
  points: LadderPoint[]
  /** The line's pieces between data gaps, scaled to 0..1. */
  segments: ChartPoint[][]
}

export interface LadderStopLine {
  stopId: string
  name: string
  distanceM: number
  y: number
  /** Far enough from the stop labelled before it to carry its name. */
  labelled: boolean
}

export interface LadderBus {
  vehicleId: string
  tripId: string
  atMs: number
  distanceM: number
  /** The last stop at or behind the bus; null before the first. */
  afterStopName: string | null
  aheadVehicleId: string | null
  /** Seconds since the bus ahead was where this bus is now; null for the leader or when its line does not reach back. */
  behindAheadS: number | null
  bunched: boolean
}

export interface LadderView {
  fromMs: number
  toMs: number
  lengthM: number
  stops: LadderStopLine[]
  lines: LadderLine[]
  /** Buses running now, the furthest along first. */
  buses: LadderBus[]
  /** Instants for the time axis, whole steps of the clock. */
  ticksMs: number[]
}

export interface LadderOptions {
  nowMs: number
  /** A longer silence between two points breaks the line. */
  maxGapMs?: number
  /** A bus whose last point is older than this is not running now. */
  currentWithinMs?: number
  /** Minimum distance between two stop labels, as a share of the chart's height. */
  labelGap?: number
}

const MINUTE_MS = 60_000
export const DEFAULT_MAX_GAP_MS = 5 * MINUTE_MS
const DEFAULT_CURRENT_WITHIN_MS = 5 * MINUTE_MS
/** This near the last stop a bus has finished its trip. */
const AT_LAST_STOP_M = 50

/** A bus's line on the ladder: its vehicle on its trip (LadderLine.key). */
export const ladderLineKey = (of: { vehicleId: string; tripId: string }): string => `${of.vehicleId}\u0000${of.tripId}`

export function splitAtGaps(points: readonly LadderPoint[], maxGapMs: number): LadderPoint[][] {
  const pieces: LadderPoint[][] = []
  let piece: LadderPoint[] = []
  for (const point of points) {
    const previous = piece[piece.length - 1]
    if (previous && point[0] - previous[0] > maxGapMs) {
      pieces.push(piece)
      piece = []
    }
    piece.push(point)
  }
  if (piece.length > 0) pieces.push(piece)
  return pieces
}

/** The api's runs with each live bus on the route and direction appended as its newest point (a new line if the api has none yet). */
export function withLivePoints(ladder: Pick<LadderResponse, 'routeId' | 'directionId' | 'runs'>, vehicles: readonly VehicleView[]): Array<{ vehicleId: string; tripId: string; live: boolean; points: LadderPoint[] }> {
  const lines = ladder.runs.map((run) => ({ vehicleId: run.vehicleId, tripId: run.tripId, live: false, points: run.points.map(([t, d]): LadderPoint => [t, d]) }))
  for (const v of vehicles) {
    if (v.routeId !== ladder.routeId || (v.directionId ?? 0) !== ladder.directionId || v.phase !== 'in-service' || v.health === 'offline') continue
    if (v.tripId === null || v.distanceAlongTripM === null) continue
    const atMs = Date.parse(v.fixAt)
    if (!Number.isFinite(atMs)) continue
    let line = lines.find((l) => l.vehicleId === v.vehicleId && l.tripId === v.tripId)
    if (!line) {
      line = { vehicleId: v.vehicleId, tripId: v.tripId, live: false, points: [] }
      lines.push(line)
    }
    const last = line.points[line.points.length - 1]
    if (!last || atMs > last[0]) {
      // the live match and the stored run place a bus by two projections that can differ by a few metres: never backwards
      line.points.push([atMs, Math.max(v.distanceAlongTripM, last?.[1] ?? 0)])
      line.live = true
    }
  }
  return lines
}

/** When a line was last at a distance (interpolated between its points); null if it never got there. */
export function timeAtDistance(points: readonly LadderPoint[], distanceM: number): number | null {
  for (let i = points.length - 1; i > 0; i--) {
    const [t0, d0] = points[i - 1]!
    const [t1, d1] = points[i]!
    if (d0 <= distanceM && distanceM <= d1) return d1 === d0 ? t1 : t0 + ((distanceM - d0) / (d1 - d0)) * (t1 - t0)
  }
  const only = points[0]
  return points.length === 1 && only && only[1] === distanceM ? only[0] : null
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The buses running now, the furthest along first, each with the time since the bus ahead was where it is. A bus
 * heard from more than `currentWithinMs` ago is not running now, nor one at the last stop (its trip is done).
 */
export function busesNow(lines: ReadonlyArray<Pick<LadderLine, 'vehicleId' | 'tripId' | 'points'>>, stops: ReadonlyArray<{ name: string; distanceM: number }>, nowMs: number, currentWithinMs = DEFAULT_CURRENT_WITHIN_MS): LadderBus[] {
  const lastStopM = stops.length > 1 ? Math.max(...stops.map((s) => s.distanceM)) : Infinity
  const current = lines
    .map((line) => ({ line, last: line.points[line.points.length - 1] }))
    .filter((c): c is { line: (typeof lines)[number]; last: LadderPoint } => c.last !== undefined && nowMs - c.last[0] <= currentWithinMs && c.last[1] < lastStopM - AT_LAST_STOP_M)
    .sort((a, b) => b.last[1] - a.last[1] || a.last[0] - b.last[0])
  const buses = current.map(({ line, last }, i): LadderBus => {
    const ahead = current[i - 1]
    const passedAtMs = ahead ? timeAtDistance(ahead.line.points, last[1]) : null
    const afterStop = [...stops].reverse().find((s) => s.distanceM <= last[1] + 1)
    return {
      vehicleId: line.vehicleId, tripId: line.tripId, atMs: last[0], distanceM: last[1], afterStopName: afterStop?.name ?? null,
      aheadVehicleId: ahead?.line.vehicleId ?? null, behindAheadS: passedAtMs === null ? null : Math.max(0, Math.round((last[0] - passedAtMs) / 1000)), bunched: false,
    }
  })
  const usual = median(buses.flatMap((b) => (b.behindAheadS === null ? [] : [b.behindAheadS])))
  // bunched against the usual (median) spacing of the buses on the ladder now
  for (const bus of buses) bus.bunched = bus.behindAheadS !== null && isBunched(bus.behindAheadS, usual)
  return buses
}

/** Tick instants every 5, 10, 15 or 30 minutes (about six of them), on whole steps of the clock. */
export function timeTicks(fromMs: number, toMs: number): number[] {
  const spanMin = (toMs - fromMs) / MINUTE_MS
  const stepMs = (spanMin <= 30 ? 5 : spanMin <= 60 ? 10 : spanMin <= 120 ? 15 : 30) * MINUTE_MS
  const ticks: number[] = []
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) ticks.push(t)
  return ticks
}

export function toLadder(ladder: LadderResponse, vehicles: readonly VehicleView[], options: LadderOptions): LadderView {
  const spanMs = Math.max(MINUTE_MS, Date.parse(ladder.to) - Date.parse(ladder.from))
  const toMs = Math.max(options.nowMs, Date.parse(ladder.to))
  const fromMs = toMs - spanMs
  const lengthM = Math.max(1, ladder.lengthM, ...ladder.stops.map((s) => s.distanceM))
  const x = (atMs: number) => (atMs - fromMs) / spanMs
  const y = (distanceM: number) => Math.min(1, Math.max(0, distanceM / lengthM))
  const labelGap = options.labelGap ?? 0.05
  // the two terminals always carry their names; a stop between takes its name if clear of the labels below it and of the last stop
  const sorted = [...ladder.stops].sort((a, b) => a.distanceM - b.distanceM)
  const topY = sorted.length > 0 ? y(sorted[sorted.length - 1]!.distanceM) : 1
  let lastLabelY = -Infinity
  const stops = sorted.map((s, i): LadderStopLine => {
    const at = y(s.distanceM)
    const labelled = i === sorted.length - 1 || (at - lastLabelY >= labelGap && topY - at >= labelGap)
    if (labelled) lastLabelY = at
    return { stopId: s.stopId, name: s.name, distanceM: s.distanceM, y: at, labelled }
  })
  const drawn = withLivePoints(ladder, vehicles).filter((l) => l.points.length > 0)
  const buses = busesNow(drawn, stops, options.nowMs, options.currentWithinMs)
  const bunched = new Set(buses.filter((b) => b.bunched).map(ladderLineKey))
  const lines = drawn.map((l): LadderLine => {
    const key = ladderLineKey(l)
    return {
      key, vehicleId: l.vehicleId, tripId: l.tripId, live: l.live, bunched: bunched.has(key), points: l.points,
      segments: splitAtGaps(l.points, options.maxGapMs ?? DEFAULT_MAX_GAP_MS).map((piece) => piece.map(([t, d]): ChartPoint => [x(t), y(d)])),
    }
  })
  return { fromMs, toMs, lengthM, stops, lines, buses, ticksMs: timeTicks(fromMs, toMs) }
}

/** Label positions (px, any order) moved apart to at least `gapPx`, keeping their order and staying near where they were. */
export function spreadLabels(positionsPx: readonly number[], gapPx: number): number[] {
  const order = positionsPx.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p)
  const placed: number[] = []
  for (const [k, item] of order.entries()) placed[k] = k === 0 ? item.p : Math.max(item.p, placed[k - 1]! + gapPx)
  // centre the pushed run back on the places it stands for, without pushing the first above its own
  const shift = Math.max(0, Math.min(order[0]?.p ?? 0, (placed.reduce((a, b) => a + b, 0) - order.reduce((a, b) => a + b.p, 0)) / Math.max(1, order.length)))
  const result: number[] = []
  order.forEach((item, k) => (result[item.i] = placed[k]! - shift))
  return result
}
