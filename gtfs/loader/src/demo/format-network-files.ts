import type { AmmanRoute } from './amman-routes.js'
import type { DemoNetwork } from './build-network.js'
import { FEED_END_DATE, FEED_START_DATE, PUBLIC_HOLIDAYS_2026, type ServiceDay } from './service-days.js'
import { formatCsv } from './write-csv.js'

export const AGENCY_ID = 'GAM'
const AGENCY_NAME_AR = 'أمانة عمّان الكبرى'
const AGENCY_NAME_EN = 'Greater Amman Municipality'
const AGENCY_URL = 'https://www.ammancity.gov.jo'
/** GTFS route_type 3: bus (the BRT runs buses too). */
const ROUTE_TYPE_BUS = '3'

const coordinate = (degrees: number) => degrees.toFixed(6)
/** Metres along a shape, as shapes.txt and stop_times.txt shape_dist_traveled give them. */
export const formatDistMetres = (metres: number) => metres.toFixed(1)

export function formatAgency(): string {
  return formatCsv(
    ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
    [[AGENCY_ID, AGENCY_NAME_AR, AGENCY_URL, 'Asia/Amman', 'ar']],
  )
}

export function formatFeedInfo(seed: number): string {
  return formatCsv(
    ['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'],
    [['Masar demo feed (generated, not an official GAM timetable)', AGENCY_URL, 'ar', FEED_START_DATE, FEED_END_DATE, `2026.1-seed-${seed}`]],
  )
}

export function formatRoutes(routes: readonly AmmanRoute[]): string {
  return formatCsv(
    ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color', 'route_sort_order'],
    routes.map((r, i) => [r.routeId, AGENCY_ID, r.shortName, r.longNameAr, ROUTE_TYPE_BUS, r.color, 'FFFFFF', String(i + 1)]),
  )
}

export function formatStops(network: DemoNetwork): string {
  return formatCsv(
    ['stop_id', 'stop_code', 'stop_name', 'stop_lat', 'stop_lon', 'location_type'],
    network.stops.map((s) => [s.stopId, s.stopCode, s.nameAr, coordinate(s.lat), coordinate(s.lon), '0']),
  )
}

export function formatShapes(network: DemoNetwork): string {
  const rows: string[][] = []
  for (const pattern of [...network.patterns.values()].flat()) {
    pattern.points.forEach((p, i) => {
      rows.push([pattern.shapeId, coordinate(p.lat), coordinate(p.lon), String(i + 1), formatDistMetres(p.distMetres)])
    })
  }
  return formatCsv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'], rows)
}

/**
 * English names (GTFS translations.txt): the agency, every stop and route by record_id, and the trip headsigns by
 * their Arabic value (field_value), since many trips share one headsign.
 */
export function formatTranslations(network: DemoNetwork, routes: readonly AmmanRoute[]): string {
  const rows: string[][] = [['agency', 'agency_name', 'en', AGENCY_NAME_EN, AGENCY_ID, '']]
  for (const stop of network.stops) rows.push(['stops', 'stop_name', 'en', stop.nameEn, stop.stopId, ''])
  for (const route of routes) rows.push(['routes', 'route_long_name', 'en', route.longNameEn, route.routeId, ''])
  const headsigns = new Map<string, string>()
  for (const pattern of [...network.patterns.values()].flat()) headsigns.set(pattern.headsignAr, pattern.headsignEn)
  for (const [headsignAr, headsignEn] of headsigns) rows.push(['trips', 'trip_headsign', 'en', headsignEn, '', headsignAr])
  return formatCsv(['table_name', 'field_name', 'language', 'translation', 'record_id', 'field_value'], rows)
}

const WEEKDAY_COLUMNS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export function formatCalendar(weekday: ServiceDay, friday: ServiceDay): string {
  const days = (runsOnFriday: boolean) => WEEKDAY_COLUMNS.map((d) => ((d === 'friday') === runsOnFriday ? '1' : '0'))
  return formatCsv(
    ['service_id', ...WEEKDAY_COLUMNS, 'start_date', 'end_date'],
    [
      [weekday.serviceId, ...days(false), FEED_START_DATE, FEED_END_DATE],
      [friday.serviceId, ...days(true), FEED_START_DATE, FEED_END_DATE],
    ],
  )
}

/** GTFS calendar_dates.txt exception_type: 1 adds the service on that date, 2 removes it. */
export function formatCalendarDates(weekday: ServiceDay, friday: ServiceDay): string {
  const rows: string[][] = []
  for (const holiday of PUBLIC_HOLIDAYS_2026) {
    const date = new Date(`${holiday.date.slice(0, 4)}-${holiday.date.slice(4, 6)}-${holiday.date.slice(6)}T12:00:00Z`)
    if (date.getUTCDay() === 5) continue // a Friday runs the Friday timetable anyway
    rows.push([weekday.serviceId, holiday.date, '2'], [friday.serviceId, holiday.date, '1'])
  }
  return formatCsv(['service_id', 'date', 'exception_type'], rows)
}
