import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import { cumulativeDistancesM } from '@masar/model/geo/polyline'
import type { CalendarException, CalendarRule } from '@masar/model/gtfs/service-day'
import { openFeedSource, type FeedSource } from '../read/feed-source.js'
import { readGtfsRows, type GtfsRow } from '../read/read-gtfs-rows.js'
import type { TripFrequency } from './expand-frequencies.js'
import { FieldTranslations } from './field-translations.js'
import { Schedule, type ScheduleShape, type ScheduleTrip } from './schedule.js'

/**
 * A Schedule read straight from a GTFS zip or folder, without a database: for tools and tests that need the
 * model of a known-good feed (the simulator on the Amman demo feed). It does not validate (import does), and it
 * does not derive missing shapes: trips without one have none.
 */
async function rowsOf(source: FeedSource, file: string): Promise<GtfsRow['fields'][]> {
  if (!source.fileNames().includes(file)) return []
  const rows: GtfsRow['fields'][] = []
  for await (const row of readGtfsRows(await source.open(file))) rows.push(row.fields)
  return rows
}

const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim())
const isoDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`

export async function readScheduleFromFeed(path: string, feedId = 0): Promise<Schedule> {
  const source = await openFeedSource(path)
  try {
    const [agency, stops, routes, trips, stopTimes, shapes, calendar, calendarDates, frequencies, translations] = await Promise.all(
      ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt', 'shapes.txt', 'calendar.txt', 'calendar_dates.txt', 'frequencies.txt', 'translations.txt'].map((f) => rowsOf(source, f)),
    )
    const translated = new FieldTranslations(translations!.map((t) => ({
      tableName: t.table_name ?? '', fieldName: t.field_name ?? '', language: t.language ?? '', translation: t.translation ?? '', recordId: text(t.record_id), fieldValue: text(t.field_value),
    })))
    const byTrip = new Map<string, GtfsRow['fields'][]>()
    for (const st of stopTimes!) {
      const list = byTrip.get(st.trip_id!)
      if (list) list.push(st)
      else byTrip.set(st.trip_id!, [st])
    }
    const scheduleTrips: ScheduleTrip[] = trips!.map((t) => {
      const times = (byTrip.get(t.trip_id!) ?? []).sort((a, b) => Number(a.stop_sequence) - Number(b.stop_sequence))
      const seconds = (value: string | undefined) => (value ? (parseGtfsTime(value) ?? -1) : -1)
      return {
        tripId: t.trip_id!, routeId: t.route_id!, serviceId: t.service_id!, directionId: text(t.direction_id) === null ? null : Number(t.direction_id),
        blockId: text(t.block_id), shapeId: text(t.shape_id), headsign: text(t.trip_headsign),
        headsignTranslations: translated.of('trips', 'trip_headsign', t.trip_id!, text(t.trip_headsign)), stopIds: times.map((st) => st.stop_id!),
        arrivals: Int32Array.from(times, (st) => seconds(st.arrival_time || st.departure_time)),
        departures: Int32Array.from(times, (st) => seconds(st.departure_time || st.arrival_time)),
        stopSequences: Int32Array.from(times, (st) => Number(st.stop_sequence)),
        shapeDistTraveled: Float64Array.from(times, (st) => (text(st.shape_dist_traveled) === null ? Number.NaN : Number(st.shape_dist_traveled))),
        distancesM: new Float64Array(0),
      }
    })
    const points = new Map<string, GtfsRow['fields'][]>()
    for (const p of shapes!) {
      const list = points.get(p.shape_id!)
      if (list) list.push(p)
      else points.set(p.shape_id!, [p])
    }
    const scheduleShapes: ScheduleShape[] = [...points].map(([shapeId, rows]) => {
      rows.sort((a, b) => Number(a.shape_pt_sequence) - Number(b.shape_pt_sequence))
      const lats = Float64Array.from(rows, (r) => Number(r.shape_pt_lat))
      const lons = Float64Array.from(rows, (r) => Number(r.shape_pt_lon))
      const measured = rows.every((r) => text(r.shape_dist_traveled) !== null)
      return { shapeId, lats, lons, distancesM: cumulativeDistancesM(lats, lons), feedDistances: measured ? Float64Array.from(rows, (r) => Number(r.shape_dist_traveled)) : null }
    })
    const rules: CalendarRule[] = calendar!.map((c) => ({
      serviceId: c.service_id!, startDate: isoDate(c.start_date!), endDate: isoDate(c.end_date!),
      days: [c.monday, c.tuesday, c.wednesday, c.thursday, c.friday, c.saturday, c.sunday].map((d) => d?.trim() === '1') as unknown as CalendarRule['days'],
    }))
    const exceptions: CalendarException[] = calendarDates!.map((d) => ({ serviceId: d.service_id!, date: isoDate(d.date!), exceptionType: Number(d.exception_type) === 1 ? 1 : 2 }))
    const scheduleFrequencies: TripFrequency[] = frequencies!.map((f) => ({
      tripId: f.trip_id!, startS: parseGtfsTime(f.start_time!) ?? 0, endS: parseGtfsTime(f.end_time!) ?? 0, headwayS: Number(f.headway_secs), exactTimes: f.exact_times?.trim() === '1',
    }))
    return new Schedule({
      feedId, timeZone: agency![0]?.agency_timezone?.trim() || 'UTC',
      stops: stops!.filter((s) => text(s.stop_lat) !== null).map((s) => ({
        stopId: s.stop_id!, code: text(s.stop_code), name: text(s.stop_name) ?? text(s.stop_code) ?? s.stop_id!, translations: translated.of('stops', 'stop_name', s.stop_id!, text(s.stop_name)),
        lat: Number(s.stop_lat), lon: Number(s.stop_lon),
      })),
      routes: routes!.map((r) => ({
        routeId: r.route_id!, shortName: text(r.route_short_name), longName: text(r.route_long_name), longNameTranslations: translated.of('routes', 'route_long_name', r.route_id!, text(r.route_long_name)),
        type: Number(r.route_type), color: text(r.route_color),
      })),
      trips: scheduleTrips, shapes: scheduleShapes, calendar: rules, calendarDates: exceptions, frequencies: scheduleFrequencies,
    })
  } finally {
    await source.close()
  }
}
