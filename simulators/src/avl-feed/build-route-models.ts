import type { TraceRecord } from '../replay/trace-record.js'
import { buildShape, type LonLat } from './build-shape.js'
import { cleanFixes, compareText, type CleanedTracks, type Fix, type VehicleTrack } from './clean-fixes.js'
import { findRecordingHoles, learnHeadways, type HeadwayBand } from './learn-headways.js'
import { learnRunningTimes, timeVisit, type LearnedTimes } from './learn-running-times.js'
import type { LocalTime } from './local-time.js'
import { locateStations, type LocatedStation } from './locate-stations.js'
import { median } from './median.js'
import { orderStations } from './order-stations.js'
import { segmentTrips, type ObservedTrip } from './segment-trips.js'

/** What the fleet's history says about one direction of one route. */
export interface DirectionModel {
  direction: string
  stations: LocatedStation[]
  shape: LonLat[]
  times: LearnedTimes
  bands: HeadwayBand[]
  trips: number
  /** Trips seen from the first station to the last. */
  completeTrips: number
}

export interface RouteModel {
  routeId: string
  directions: DirectionModel[]
}

export interface RouteModels {
  routes: RouteModel[]
  /** Service dates the models were learned from, in order. */
  serviceDates: string[]
  cleaning: Omit<CleanedTracks, 'tracks'>
  /** Routes or directions left out, and why. */
  skipped: string[]
}

export interface BuildOptions {
  toLocal: (atMs: number) => LocalTime
  /** A direction needs this many trips to be modelled. */
  minTrips: number
  /** Where the agency says its stops are (TTC): these replace the places located from the buses. */
  publishedStops?: ReadonlyMap<string, { lat: number; lon: number }>
}

/** A silence of every vehicle this long is the logger not running (Amman polls every ~43 s). */
const RECORDING_HOLE_MS = 5 * 60_000

/**
 * Route models from a trace that names the station each bus is at (Amman BRT): tracks cleaned, station order
 * learned per direction, trips segmented, stations located, shapes drawn from the tracks, running and dwell
 * times and headways learned.
 */
export function buildRouteModels(records: readonly TraceRecord[], options: BuildOptions): RouteModels {
  const cleaned = cleanFixes(records)
  const holes = findRecordingHoles(records.map((r) => r.atMs), RECORDING_HOLE_MS)
  const serviceDates = [...new Set(records.map((r) => options.toLocal(r.atMs).date))].sort(compareText)
  const byRoute = new Map<string, VehicleTrack[]>()
  for (const track of cleaned.tracks) byRoute.set(track.routeId, [...(byRoute.get(track.routeId) ?? []), track])
  const routes: RouteModel[] = []
  const skipped: string[] = []
  for (const [routeId, tracks] of [...byRoute].sort((a, b) => compareText(a[0], b[0]))) {
    const ordered = orderStations(tracks).filter((p) => p.stopIds.length >= 2)
    // A station some bus reported but no trip reached (reported only out of service) leaves the pattern.
    const visited = new Set(segmentTrips(tracks, ordered).flatMap((t) => t.visits.map((v) => `${t.direction}\u0000${ordered.find((p) => p.direction === t.direction)!.stopIds[v.stationIndex]}`)))
    const patterns = ordered.map((p) => ({ ...p, stopIds: p.stopIds.filter((id) => visited.has(`${p.direction}\u0000${id}`)) })).filter((p) => p.stopIds.length >= 2)
    const trips = segmentTrips(tracks, patterns)
    const located = locateStations(trips, patterns)
    const directions: DirectionModel[] = []
    for (const pattern of patterns) {
      const own = trips.filter((t) => t.direction === pattern.direction)
      if (own.length < options.minTrips) {
        skipped.push(`route ${routeId} direction ${pattern.direction}: ${own.length} trips (fewer than ${options.minTrips})`)
        continue
      }
      const stations = located.get(pattern.direction)!.map((station) => ({ ...station, ...options.publishedStops?.get(station.stopId) }))
      if (stations.some((s) => s.visits === 0)) {
        skipped.push(`route ${routeId} direction ${pattern.direction}: a station of its order was never visited on a trip`)
        continue
      }
      const times = learnRunningTimes(own, stations)
      const starts = distinctRuns(own.map((trip) => ({ vehicleId: trip.vehicleId, atMs: estimateDeparture(trip, stations, times) })), times.arrivalS.at(-1)! * 500)
      const last = stations.length - 1
      directions.push({
        direction: pattern.direction, stations, times,
        shape: buildShape(stations.map((s): LonLat => [s.lon, s.lat]), shapeFixes(own)),
        bands: learnHeadways(starts, options.toLocal, holes),
        trips: own.length,
        completeTrips: own.filter((t) => t.visits[0]!.stationIndex === 0 && t.visits.at(-1)!.stationIndex === last).length,
      })
    }
    if (directions.length === 0) skipped.push(`route ${routeId}: no direction with enough trips`)
    else routes.push({ routeId, directions })
  }
  const { tracks: _tracks, ...cleaning } = cleaned
  return { routes, serviceDates, cleaning, skipped }
}

/** When a trip left its first station: the median, over its timed visits, of the visit's time less the template's. */
function estimateDeparture(trip: ObservedTrip, stations: readonly LocatedStation[], times: LearnedTimes): number {
  const estimates: number[] = []
  for (const visit of trip.visits) {
    const { arrivalMs, departureMs } = timeVisit(visit, stations[visit.stationIndex]!)
    if (visit.stationIndex === 0) {
      if (!Number.isNaN(departureMs)) estimates.push(departureMs)
    } else if (!Number.isNaN(arrivalMs)) estimates.push(arrivalMs - times.arrivalS[visit.stationIndex]! * 1000)
  }
  return median(estimates)
}

/**
 * One departure per run of a bus: pieces of one run (a trip cut by a silence or a wrong label) give departure
 * estimates close together, and would count as buses a few seconds apart. Estimates of the same vehicle less than
 * minApartMs after the one kept are dropped.
 */
function distinctRuns(estimates: ReadonlyArray<{ vehicleId: string; atMs: number }>, minApartMs: number): number[] {
  const byVehicle = new Map<string, number[]>()
  for (const { vehicleId, atMs } of estimates) if (!Number.isNaN(atMs)) byVehicle.set(vehicleId, [...(byVehicle.get(vehicleId) ?? []), atMs])
  const kept: number[] = []
  for (const times of byVehicle.values()) {
    let last = Number.NEGATIVE_INFINITY
    for (const atMs of times.sort((a, b) => a - b)) {
      if (atMs - last < minApartMs) continue
      kept.push(atMs)
      last = atMs
    }
  }
  return kept.sort((a, b) => a - b)
}

/** The moving fixes of the trips: the track between leaving the first station and reaching the last. */
function shapeFixes(trips: readonly ObservedTrip[]): Fix[] {
  const fixes: Fix[] = []
  for (const trip of trips) {
    trip.visits.forEach((visit, i) => {
      const chosen = i === 0 ? visit.fixes.slice(-1) : i === trip.visits.length - 1 ? visit.fixes.slice(0, 1) : visit.fixes
      for (const fix of chosen) if (!fix.stale) fixes.push(fix)
    })
  }
  return fixes
}
