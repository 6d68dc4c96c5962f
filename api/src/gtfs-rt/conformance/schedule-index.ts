import type { Schedule, ScheduleShape, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { GtfsExtras } from './gtfs-extras.js'

/** A GTFS trip as the rules see it. */
export interface StaticTrip {
  /** The trip, or for a frequency-based trip its first run (same route, direction, block, shape and stops). */
  trip: ScheduleTrip
  /**
   * For a frequency-based trip (frequencies.txt): whether any of its windows is exact_times 0 (headway-based) or
   * 1, and the start times (seconds of the service day) of its exact_times 1 runs. Null for other trips.
   */
  frequency: { headwayBased: boolean; exactTimes: boolean; exactStartsS: Set<number> } | null
  /** Its stop_sequence values in stop order, when GtfsExtras were given. */
  stopSequences: number[] | null
}

export interface CoverageBox {
  minLat: number
  maxLat: number
  minLon: number
  maxLon: number
  from: 'shapes.txt' | 'stops.txt'
}

/**
 * The static schedule as the rules look things up in it: trips by their GTFS trip_id (the Schedule keeps a
 * frequency-based trip only as its runs, `T1@07:05:00`, so a run stands in for it), route and stop ids, and the
 * area the agency covers.
 */
export interface ScheduleIndex {
  trip(tripId: string): StaticTrip | undefined
  hasRoute(routeId: string): boolean
  hasStop(stopId: string): boolean
  /** location_type of a stop (from GtfsExtras), undefined when unknown. */
  locationType(stopId: string): number | undefined
  agencyIds: Set<string> | null
  shape(shapeId: string | null): ScheduleShape | undefined
  /** The shapes' (else the stops') bounding box widened by REGION_BUFFER_M; null when the feed has neither. */
  coverage: CoverageBox | null
}

/** The validator's GtfsMetadata.REGION_BUFFER_METERS (about a mile). */
export const REGION_BUFFER_M = 1609

/** A producer checks each feed it publishes against the same Schedule: the index is built once per Schedule and GtfsExtras. */
const cache = new WeakMap<Schedule, WeakMap<object, ScheduleIndex>>()
const NO_EXTRAS = {}

export function indexSchedule(schedule: Schedule, extras: GtfsExtras | undefined): ScheduleIndex {
  const byExtras = cache.get(schedule) ?? new WeakMap<object, ScheduleIndex>()
  cache.set(schedule, byExtras)
  const cached = byExtras.get(extras ?? NO_EXTRAS)
  if (cached) return cached
  const index = buildIndex(schedule, extras)
  byExtras.set(extras ?? NO_EXTRAS, index)
  return index
}

function buildIndex(schedule: Schedule, extras: GtfsExtras | undefined): ScheduleIndex {
  const trips = new Map<string, StaticTrip>()
  for (const trip of schedule.trips.values()) {
    const tripId = trip.templateTripId ?? trip.tripId
    const known = trips.get(tripId)
    if (trip.templateTripId === undefined || !known) {
      trips.set(tripId, { trip, frequency: null, stopSequences: extras?.stopSequencesByTrip.get(tripId) ?? null })
    }
    if (trip.templateTripId === undefined) continue
    const entry = trips.get(tripId)!
    entry.frequency ??= { headwayBased: false, exactTimes: false, exactStartsS: new Set() }
    if (trip.headwayBased) entry.frequency.headwayBased = true
    else {
      entry.frequency.exactTimes = true
      entry.frequency.exactStartsS.add(trip.departures[0] ?? 0)
    }
  }
  return {
    trip: (tripId) => trips.get(tripId),
    hasRoute: (routeId) => schedule.routes.has(routeId),
    hasStop: (stopId) => schedule.stops.has(stopId) || (extras?.locationTypeByStop.has(stopId) ?? false),
    locationType: (stopId) => extras?.locationTypeByStop.get(stopId),
    agencyIds: extras?.agencyIds ?? null,
    shape: (shapeId) => (shapeId === null ? undefined : schedule.shapes.get(shapeId)),
    coverage: coverageOf(schedule),
  }
}

function coverageOf(schedule: Schedule): CoverageBox | null {
  const box = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity }
  const include = (lat: number, lon: number) => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return
    box.minLat = Math.min(box.minLat, lat)
    box.maxLat = Math.max(box.maxLat, lat)
    box.minLon = Math.min(box.minLon, lon)
    box.maxLon = Math.max(box.maxLon, lon)
  }
  let from: CoverageBox['from'] = 'shapes.txt'
  for (const shape of schedule.shapes.values()) shape.lats.forEach((lat, i) => include(lat, shape.lons[i]!))
  if (box.minLat === Infinity) {
    from = 'stops.txt'
    for (const stop of schedule.stops.values()) include(stop.lat, stop.lon)
  }
  if (box.minLat === Infinity) return null
  const latBufferDeg = REGION_BUFFER_M / 111_320
  const lonBufferDeg = REGION_BUFFER_M / (111_320 * Math.max(0.01, Math.cos((Math.max(Math.abs(box.minLat), Math.abs(box.maxLat)) * Math.PI) / 180)))
  return { minLat: box.minLat - latBufferDeg, maxLat: box.maxLat + latBufferDeg, minLon: box.minLon - lonBufferDeg, maxLon: box.maxLon + lonBufferDeg, from }
}
