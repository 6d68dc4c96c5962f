import { Schedule, type ScheduleShape, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { cumulativeDistancesM } from '@masar/model/geo/polyline'
import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { CalendarRule } from '@masar/model/gtfs/service-day'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'

/**
 * Small schedules drawn by hand for the matcher's tests: places are metres east and north of a point in Amman,
 * times are GTFS times ("24:20:00" is past midnight), and stops are placed on their shapes by the Schedule itself.
 */
export type Metres = readonly [eastM: number, northM: number]

const ORIGIN = { lat: 31.95, lon: 35.91 }
const METRES_PER_DEGREE_LON = metresPerDegreeLon(ORIGIN.lat)

export function at([eastM, northM]: Metres): { lat: number; lon: number } {
  return { lat: ORIGIN.lat + northM / METRES_PER_DEGREE_LAT, lon: ORIGIN.lon + eastM / METRES_PER_DEGREE_LON }
}

export interface HandMadeTrip {
  tripId: string
  routeId: string
  shapeId: string
  stopIds: readonly string[]
  /** One GTFS time per stop: arrival and departure (or "arrival-departure" for a dwell). */
  times: readonly string[]
  blockId?: string
  directionId?: number
  serviceId?: string
}

export interface HandMadeParts {
  stops: Record<string, Metres>
  /** Each shape's points; straight lines between them. */
  shapes: Record<string, readonly Metres[]>
  trips: readonly HandMadeTrip[]
  /** Default: service ALL, every day of 2026. */
  calendar?: CalendarRule[]
}

const EVERY_DAY: CalendarRule = { serviceId: 'ALL', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }

function seconds(time: string): number {
  const value = parseGtfsTime(time)
  if (value === null) throw new RangeError(`"${time}" is not a GTFS time`)
  return value
}

function toTrip(trip: HandMadeTrip): ScheduleTrip {
  const pairs = trip.times.map((time) => time.split('-').map(seconds))
  return {
    tripId: trip.tripId, routeId: trip.routeId, serviceId: trip.serviceId ?? 'ALL', directionId: trip.directionId ?? null, blockId: trip.blockId ?? null,
    shapeId: trip.shapeId, headsign: null, stopIds: [...trip.stopIds],
    arrivals: Int32Array.from(pairs, (pair) => pair[0]!), departures: Int32Array.from(pairs, (pair) => pair[pair.length - 1]!),
    shapeDistTraveled: new Float64Array(trip.stopIds.length).fill(Number.NaN), distancesM: new Float64Array(0),
  }
}

function toShape(shapeId: string, points: readonly Metres[]): ScheduleShape {
  const lats = Float64Array.from(points, (p) => at(p).lat)
  const lons = Float64Array.from(points, (p) => at(p).lon)
  return { shapeId, lats, lons, distancesM: cumulativeDistancesM(lats, lons), feedDistances: null }
}

export function handMadeSchedule(parts: HandMadeParts): Schedule {
  const routeIds = [...new Set(parts.trips.map((t) => t.routeId))]
  return new Schedule({
    feedId: 1, timeZone: 'Asia/Amman',
    stops: Object.entries(parts.stops).map(([stopId, place]) => ({ stopId, code: null, name: stopId, translations: {}, ...at(place) })),
    routes: routeIds.map((routeId) => ({ routeId, shortName: routeId, longName: null, type: 3, color: null })),
    trips: parts.trips.map(toTrip),
    shapes: Object.entries(parts.shapes).map(([shapeId, points]) => toShape(shapeId, points)),
    calendar: parts.calendar ?? [EVERY_DAY], calendarDates: [], frequencies: [],
  })
}

/** A straight street of `lengthM` metres from `from`, as shape points every 250 m. */
export function street(from: Metres, to: Metres): Metres[] {
  const lengthM = Math.hypot(to[0] - from[0], to[1] - from[1])
  const steps = Math.max(1, Math.round(lengthM / 250))
  return Array.from({ length: steps + 1 }, (_, i) => [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps] as const)
}
