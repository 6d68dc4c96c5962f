import type pg from 'pg'
import { cumulativeDistancesM } from '@masar/model/geo/polyline'
import type { CalendarException, CalendarRule } from '@masar/model/gtfs/service-day'
import type { TripFrequency } from './expand-frequencies.js'
import { FieldTranslations } from './field-translations.js'
import type { ScheduleParts, ScheduleRoute, ScheduleShape, ScheduleStop, ScheduleTrip } from './schedule.js'

/** Reads one stored feed into the parts of a Schedule. Large tables come back as arrays of arrays, in order. */
type Db = pg.Pool | pg.PoolClient

async function rowsOf<T extends unknown[]>(db: Db, text: string, values: unknown[]): Promise<T[]> {
  const result = await db.query({ text, values, rowMode: 'array' } as pg.QueryConfig)
  return result.rows as unknown as T[]
}

const STOPS = `
SELECT stop_id, stop_code, stop_name, coalesce(nullif(stop_name, ''), stop_code, stop_id), stop_lat, stop_lon
FROM gtfs_stops WHERE feed_id = $1 AND stop_lat IS NOT NULL`

/** Only the names riders read are translated in the schedule. */
const TRANSLATIONS = `
SELECT table_name, field_name, language, translation, record_id, field_value FROM gtfs_translations
WHERE feed_id = $1 AND (table_name, field_name) IN (('stops', 'stop_name'), ('trips', 'trip_headsign'), ('routes', 'route_long_name'))`

const TRIPS = `SELECT trip_id, route_id, service_id, direction_id, block_id, shape_id, trip_headsign FROM gtfs_trips WHERE feed_id = $1`

const STOP_TIMES = `
SELECT trip_id, stop_id, extract(epoch FROM arrival_time)::int, extract(epoch FROM departure_time)::int, shape_dist_traveled, stop_sequence
FROM gtfs_stop_times WHERE feed_id = $1 ORDER BY trip_id, stop_sequence`

const SHAPES = `SELECT shape_id, shape_pt_lat, shape_pt_lon, shape_dist_traveled FROM gtfs_shapes WHERE feed_id = $1 ORDER BY shape_id, shape_pt_sequence`

async function readTranslations(db: Db, feedId: number): Promise<FieldTranslations> {
  const rows = await rowsOf<[string, string, string, string, string | null, string | null]>(db, TRANSLATIONS, [feedId])
  return new FieldTranslations(rows.map(([tableName, fieldName, language, translation, recordId, fieldValue]) => ({ tableName, fieldName, language, translation, recordId, fieldValue })))
}

async function readStops(db: Db, feedId: number, translations: FieldTranslations): Promise<ScheduleStop[]> {
  const rows = await rowsOf<[string, string | null, string | null, string, number, number]>(db, STOPS, [feedId])
  return rows.map(([stopId, code, stopName, name, lat, lon]) => ({ stopId, code, name, lat, lon, translations: translations.of('stops', 'stop_name', stopId, stopName) }))
}

async function readTrips(db: Db, feedId: number, translations: FieldTranslations): Promise<ScheduleTrip[]> {
  const trips = new Map<string, ScheduleTrip>()
  for (const [tripId, routeId, serviceId, directionId, blockId, shapeId, headsign] of await rowsOf<[string, string, string, number | null, string | null, string | null, string | null]>(db, TRIPS, [feedId])) {
    const headsignTranslations = translations.of('trips', 'trip_headsign', tripId, headsign)
    trips.set(tripId, { tripId, routeId, serviceId, directionId, blockId, shapeId, headsign, headsignTranslations, stopIds: [], arrivals: new Int32Array(0), departures: new Int32Array(0), shapeDistTraveled: new Float64Array(0), distancesM: new Float64Array(0) })
  }
  const stopTimes = await rowsOf<[string, string, number | null, number | null, number | null, number]>(db, STOP_TIMES, [feedId])
  for (let start = 0; start < stopTimes.length; ) {
    const tripId = stopTimes[start]![0]
    let end = start
    while (end < stopTimes.length && stopTimes[end]![0] === tripId) end++
    const trip = trips.get(tripId)
    if (trip) {
      const n = end - start
      trip.arrivals = new Int32Array(n)
      trip.departures = new Int32Array(n)
      trip.shapeDistTraveled = new Float64Array(n)
      trip.stopSequences = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        const [, stopId, arrival, departure, distance, sequence] = stopTimes[start + i]!
        trip.stopSequences[i] = sequence
        trip.stopIds.push(stopId)
        trip.arrivals[i] = arrival ?? departure ?? -1
        trip.departures[i] = departure ?? arrival ?? -1
        trip.shapeDistTraveled[i] = distance ?? Number.NaN
      }
    }
    start = end
  }
  return [...trips.values()]
}

async function readShapes(db: Db, feedId: number): Promise<ScheduleShape[]> {
  const rows = await rowsOf<[string, number, number, number | null]>(db, SHAPES, [feedId])
  const shapes: ScheduleShape[] = []
  for (let start = 0; start < rows.length; ) {
    const shapeId = rows[start]![0]
    let end = start
    while (end < rows.length && rows[end]![0] === shapeId) end++
    const n = end - start
    const lats = new Float64Array(n)
    const lons = new Float64Array(n)
    let feedDistances: Float64Array | null = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const [, lat, lon, distance] = rows[start + i]!
      lats[i] = lat
      lons[i] = lon
      if (distance === null) feedDistances = null
      else if (feedDistances) feedDistances[i] = distance
    }
    shapes.push({ shapeId, lats, lons, distancesM: cumulativeDistancesM(lats, lons), feedDistances })
    start = end
  }
  return shapes
}

async function readRoutes(db: Db, feedId: number, translations: FieldTranslations): Promise<ScheduleRoute[]> {
  const rows = await rowsOf<[string, string | null, string | null, number, string | null]>(db, 'SELECT route_id, route_short_name, route_long_name, route_type, route_color FROM gtfs_routes WHERE feed_id = $1', [feedId])
  return rows.map(([routeId, shortName, longName, type, color]) => ({ routeId, shortName, longName, longNameTranslations: translations.of('routes', 'route_long_name', routeId, longName), type, color }))
}

async function readCalendar(db: Db, feedId: number): Promise<{ calendar: CalendarRule[]; calendarDates: CalendarException[] }> {
  const rules = await rowsOf<[string, number, number, number, number, number, number, number, string, string]>(
    db, `SELECT service_id, monday, tuesday, wednesday, thursday, friday, saturday, sunday, start_date::text, end_date::text FROM gtfs_calendar WHERE feed_id = $1`, [feedId],
  )
  const exceptions = await rowsOf<[string, string, 1 | 2]>(db, 'SELECT service_id, date::text, exception_type FROM gtfs_calendar_dates WHERE feed_id = $1', [feedId])
  return {
    calendar: rules.map(([serviceId, mo, tu, we, th, fr, sa, su, startDate, endDate]) => ({
      serviceId, startDate, endDate, days: [mo === 1, tu === 1, we === 1, th === 1, fr === 1, sa === 1, su === 1] as const,
    })),
    calendarDates: exceptions.map(([serviceId, date, exceptionType]) => ({ serviceId, date, exceptionType })),
  }
}

async function readFrequencies(db: Db, feedId: number): Promise<TripFrequency[]> {
  const rows = await rowsOf<[string, number, number, number, number | null]>(
    db, `SELECT trip_id, extract(epoch FROM start_time)::int, extract(epoch FROM end_time)::int, headway_secs, exact_times FROM gtfs_frequencies WHERE feed_id = $1`, [feedId],
  )
  return rows.map(([tripId, startS, endS, headwayS, exactTimes]) => ({ tripId, startS, endS, headwayS, exactTimes: exactTimes === 1 }))
}

export async function readScheduleParts(db: Db, feedId: number): Promise<ScheduleParts> {
  const { rows } = await db.query<{ agency_timezone: string }>('SELECT agency_timezone FROM gtfs_agency WHERE feed_id = $1 LIMIT 1', [feedId])
  const timeZone = rows[0]?.agency_timezone ?? 'UTC'
  const translations = await readTranslations(db, feedId)
  const [stops, routes, trips, shapes, calendars] = [await readStops(db, feedId, translations), await readRoutes(db, feedId, translations), await readTrips(db, feedId, translations), await readShapes(db, feedId), await readCalendar(db, feedId)]
  return { feedId, timeZone, stops, routes, trips, shapes, ...calendars, frequencies: await readFrequencies(db, feedId) }
}
