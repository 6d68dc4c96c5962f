import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { placeWithin, type ShapeLine } from '../matching/shape-line.js'
import { tripKey } from '../matching/trip-key.js'
import { directionOf, type LadderAxis } from './ladder-axis.js'
import type { LadderFix, LadderStopEvent } from './ladder.repository.js'

/**
 * One line of the ladder per run (a vehicle working a trip on a service day): [epoch ms, metres along the axis]
 * in time order. The stop events fix the run's trip and its place at each stop (arrival and departure: a dwell is
 * flat); the vehicle's stored fixes between two stops are projected onto the axis's shape within those two stops'
 * distances, which keeps progress monotonic on loops. After its last stop event a run that has not finished its
 * trip continues with the fixes up to the next stop, for at most `tailMs`, not into the vehicle's next run, and not
 * once the bus heads back (no stop event is stored at a terminal the bus turns at).
 * Points before the window are dropped, except the last one, so a line enters the chart from its edge.
 */
export type LadderPoint = [atMs: number, distanceM: number]

export interface LadderRun {
  vehicleId: string
  tripId: string
  serviceDate: string
  points: LadderPoint[]
}

export interface LadderRunsInput {
  axis: LadderAxis
  shape: ShapeLine
  tripOf: (tripId: string) => ScheduleTrip | undefined
  /** Ordered by vehicle, then arrival. */
  events: readonly LadderStopEvent[]
  /** Ordered by vehicle, then time. */
  fixes: readonly LadderFix[]
  fromMs: number
  toMs: number
  tailMs?: number
}

interface Anchor {
  arrivalMs: number
  departureMs: number
  distanceM: number
  stopIndex: number
}

const DEFAULT_TAIL_MS = 15 * 60_000
/** GPS scatter a bus standing still may show; falling back further than this, it is going the other way. */
const TURNED_BACK_M = 40

/** Metres along the axis of a trip's stop (0-based index): the trip's own where it runs the axis's shape, else the axis's stop. */
function stopDistanceOf(axis: LadderAxis, axisStops: Map<string, number>, trip: ScheduleTrip, index: number): number | undefined {
  if (trip.shapeId === axis.shapeId) {
    const own = trip.distancesM[index]
    if (own !== undefined && Number.isFinite(own)) return own
  }
  const stopId = trip.stopIds[index]
  return stopId === undefined ? undefined : axisStops.get(stopId)
}

/** The first index whose time is at or after atMs (fixes in time order). */
function firstAtOrAfter(fixes: readonly LadderFix[], atMs: number): number {
  let low = 0
  let high = fixes.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (fixes[mid]!.atMs < atMs) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * Fixes strictly between two instants, projected onto the shape between two distances. With `untilBackM`, the
 * first fix that falls back that far behind the furthest one ends it: the bus has turned for its next trip.
 */
function projectBetween(input: LadderRunsInput, fixes: readonly LadderFix[], span: { afterMs: number; beforeMs: number; fromM: number; toM: number; untilBackM?: number }): LadderPoint[] {
  const points: LadderPoint[] = []
  if (span.toM < span.fromM) return points
  let furthestM = span.fromM
  for (let i = firstAtOrAfter(fixes, span.afterMs + 1); i < fixes.length && fixes[i]!.atMs < span.beforeMs; i++) {
    const fix = fixes[i]!
    const share = (fix.atMs - span.afterMs) / Math.max(1, span.beforeMs - span.afterMs)
    const place = placeWithin(input.shape, fix.lat, fix.lon, { fromM: span.fromM, toM: span.toM, expectedM: span.fromM + share * (span.toM - span.fromM) })
    if (!place) continue
    if (span.untilBackM !== undefined && place.alongM < furthestM - span.untilBackM) break
    furthestM = Math.max(furthestM, place.alongM)
    points.push([fix.atMs, Math.round(place.alongM)])
  }
  return points
}

function anchorsOf(input: LadderRunsInput, axisStops: Map<string, number>, trip: ScheduleTrip, events: readonly LadderStopEvent[]): Anchor[] {
  const anchors: Anchor[] = []
  for (const event of events) {
    const distanceM = stopDistanceOf(input.axis, axisStops, trip, event.stopIndex - 1)
    if (distanceM === undefined) continue
    const last = anchors[anchors.length - 1]
    if (last && distanceM < last.distanceM) continue // a variant's stop that lies behind on the axis
    anchors.push({ arrivalMs: event.arrivalMs, departureMs: Math.max(event.arrivalMs, event.departureMs), distanceM, stopIndex: event.stopIndex })
  }
  return anchors
}

function pointsOf(input: LadderRunsInput, axisStops: Map<string, number>, trip: ScheduleTrip, anchors: readonly Anchor[], fixes: readonly LadderFix[], nextRunMs: number): LadderPoint[] {
  const points: LadderPoint[] = []
  anchors.forEach((anchor, i) => {
    const at = Math.round(anchor.distanceM)
    points.push([anchor.arrivalMs, at])
    if (anchor.departureMs > anchor.arrivalMs) points.push([anchor.departureMs, at])
    const next = anchors[i + 1]
    if (next) points.push(...projectBetween(input, fixes, { afterMs: anchor.departureMs, beforeMs: next.arrivalMs, fromM: anchor.distanceM, toM: next.distanceM }))
  })
  const last = anchors[anchors.length - 1]!
  if (last.stopIndex < trip.stopIds.length) {
    const nextStopM = stopDistanceOf(input.axis, axisStops, trip, last.stopIndex) ?? input.axis.lengthM
    const beforeMs = Math.min(last.departureMs + (input.tailMs ?? DEFAULT_TAIL_MS), nextRunMs, input.toMs)
    points.push(...projectBetween(input, fixes, { afterMs: last.departureMs, beforeMs, fromM: last.distanceM, toM: nextStopM, untilBackM: TURNED_BACK_M }))
  }
  return points
}

/** Drops the points before fromMs but the last of them, and those at or after toMs. */
function clip(points: readonly LadderPoint[], fromMs: number, toMs: number): LadderPoint[] {
  const firstInside = points.findIndex(([atMs]) => atMs >= fromMs)
  if (firstInside === -1) return []
  return points.slice(Math.max(0, firstInside - 1)).filter(([atMs]) => atMs < toMs)
}

export function buildLadderRuns(input: LadderRunsInput): LadderRun[] {
  const axisStops = new Map<string, number>()
  for (const stop of input.axis.stops) if (!axisStops.has(stop.stopId)) axisStops.set(stop.stopId, stop.distanceM)
  const fixesByVehicle = new Map<string, LadderFix[]>()
  for (const fix of input.fixes) {
    const list = fixesByVehicle.get(fix.vehicleId) ?? []
    list.push(fix)
    fixesByVehicle.set(fix.vehicleId, list)
  }
  const runs = new Map<string, { vehicleId: string; tripId: string; serviceDate: string; events: LadderStopEvent[] }>()
  for (const event of input.events) {
    const key = `${event.vehicleId}\u0000${tripKey(event.serviceDate, event.tripId)}`
    const run = runs.get(key) ?? { vehicleId: event.vehicleId, tripId: event.tripId, serviceDate: event.serviceDate, events: [] }
    run.events.push(event)
    runs.set(key, run)
  }
  const starts = [...runs.values()].map((run) => ({ vehicleId: run.vehicleId, startMs: Math.min(...run.events.map((e) => e.arrivalMs)) }))
  const result: LadderRun[] = []
  for (const run of runs.values()) {
    const trip = input.tripOf(run.tripId)
    if (!trip || directionOf(trip) !== input.axis.directionId) continue
    const anchors = anchorsOf(input, axisStops, trip, [...run.events].sort((a, b) => a.arrivalMs - b.arrivalMs || a.stopIndex - b.stopIndex))
    if (anchors.length === 0) continue
    const firstMs = anchors[0]!.arrivalMs
    const nextRunMs = Math.min(Infinity, ...starts.filter((s) => s.vehicleId === run.vehicleId && s.startMs > firstMs).map((s) => s.startMs))
    const points = clip(pointsOf(input, axisStops, trip, anchors, fixesByVehicle.get(run.vehicleId) ?? [], nextRunMs), input.fromMs, input.toMs)
    if (points.length > 0) result.push({ vehicleId: run.vehicleId, tripId: run.tripId, serviceDate: run.serviceDate, points })
  }
  return result.sort((a, b) => a.points[0]![0] - b.points[0]![0] || (a.vehicleId < b.vehicleId ? -1 : 1))
}
