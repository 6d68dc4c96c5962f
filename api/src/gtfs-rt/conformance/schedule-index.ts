import type { Schedule, ScheduleShape, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'
import { bbox } from '@turf/bbox'
import { multiPoint } from '@turf/helpers'
import type { BBox, Position } from 'geojson'
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

const finite = ([lon, lat]: Position) => Number.isFinite(lat) && Number.isFinite(lon)

/** turf's bbox of the points with coordinates ([west, south, east, north]); null when none has. */
function boxOf(points: Position[]): BBox | null {
  const located = points.filter(finite)
  return located.length ? bbox(multiPoint(located)) : null
}

function coverageOf(schedule: Schedule): CoverageBox | null {
  let from: CoverageBox['from'] = 'shapes.txt'
  // Shape by shape, then the boxes' corners: a large feed's millions of shape points are never all in memory as GeoJSON.
  const shapeBoxes = [...schedule.shapes.values()].map((shape) => boxOf(Array.from(shape.lats, (lat, i) => [shape.lons[i]!, lat])))
  let found = boxOf(shapeBoxes.flatMap((b) => (b ? [[b[0], b[1]], [b[2], b[3]]] : [])))
  if (!found) {
    from = 'stops.txt'
    found = boxOf([...schedule.stops.values()].map((stop) => [stop.lon, stop.lat]))
  }
  if (!found) return null
  const [minLon, minLat, maxLon, maxLat] = found
  const box = { minLat, maxLat, minLon, maxLon }
  const latBufferDeg = REGION_BUFFER_M / METRES_PER_DEGREE_LAT
  const lonBufferDeg = REGION_BUFFER_M / Math.max(METRES_PER_DEGREE_LAT * 0.01, metresPerDegreeLon(Math.max(Math.abs(box.minLat), Math.abs(box.maxLat))))
  return { minLat: box.minLat - latBufferDeg, maxLat: box.maxLat + latBufferDeg, minLon: box.minLon - lonBufferDeg, maxLon: box.maxLon + lonBufferDeg, from }
}
