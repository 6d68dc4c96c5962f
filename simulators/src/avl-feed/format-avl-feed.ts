import { formatCsv } from '@masar/gtfs/write-csv'
import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { DirectionModel, RouteModels } from './build-route-models.js'
import { unifyStops } from './unify-stops.js'

/** Who runs the service and who published the feed: what the trace cannot say. */
export interface FeedIdentity {
  agencyId: string
  agencyName: string
  agencyUrl: string
  timeZone: string
  /** Language of the feed's text (stop names). */
  lang: string
  /** Stop names by reported stop id, where known; others are named "Station <id>". */
  stopNames: ReadonlyMap<string, string>
}

export const SERVICE_ID = 'avl'

const coordinate = (x: number) => x.toFixed(6)
const compact = (date: string) => date.replaceAll('-', '')

/** GTFS direction_id for a trace's direction label: Amman's 0/1 as they are, NextBus `10_1_…` by its digit. */
export function directionIdOf(label: string, index: number): string {
  const digit = /(?:^|_)([01])(?:_|$)/.exec(label)?.[1]
  return digit ?? String(index % 2)
}

/**
 * The GTFS files of the route models, as text by file name (in a fixed order). One template trip per route and
 * direction, driven by frequencies.txt with exact_times 0: the learned running and dwell times at the learned
 * headway of each band. The calendar covers the days learned from and the forecastDays after them (the feed is
 * a forecast for those: a day held out of the learning must be in it to be replayed on it).
 */
export function formatAvlFeed(models: RouteModels, identity: FeedIdentity, forecastDays: number): Map<string, string> {
  const directions = models.routes.flatMap((route) => route.directions.map((model, index) => ({ routeId: route.routeId, model, index })))
  const { stops, gtfsIdOf } = unifyStops(directions.flatMap((d) => d.model.stations))
  const nameOf = (reportedStopId: string) => identity.stopNames.get(reportedStopId) ?? `Station ${reportedStopId}`
  const tripIdOf = (routeId: string, model: DirectionModel) => `${routeId}-${model.direction}`
  const first = models.serviceDates[0]!
  const learnedUntil = models.serviceDates.at(-1)!
  const last = addDays(learnedUntil, forecastDays)
  const files = new Map<string, string>()
  files.set('agency.txt', formatCsv(['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'], [[identity.agencyId, identity.agencyName, identity.agencyUrl, identity.timeZone, identity.lang]]))
  files.set('stops.txt', formatCsv(['stop_id', 'stop_code', 'stop_name', 'stop_lat', 'stop_lon'], stops.map((s) => [s.gtfsStopId, s.reportedStopId, nameOf(s.reportedStopId), coordinate(s.lat), coordinate(s.lon)])))
  files.set('routes.txt', formatCsv(['route_id', 'agency_id', 'route_short_name', 'route_type'], models.routes.map((r) => [r.routeId, identity.agencyId, r.routeId, '3'])))
  files.set('trips.txt', formatCsv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id'], directions.map(({ routeId, model, index }) => [
    routeId, SERVICE_ID, tripIdOf(routeId, model), nameOf(model.stations.at(-1)!.stopId), directionIdOf(model.direction, index), tripIdOf(routeId, model),
  ])))
  files.set('stop_times.txt', formatCsv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'timepoint'], directions.flatMap(({ routeId, model }) => {
    const startS = model.bands[0]!.startS
    return model.stations.map((station, i) => [
      tripIdOf(routeId, model), formatGtfsTime(startS + model.times.arrivalS[i]!), formatGtfsTime(startS + model.times.departureS[i]!), gtfsIdOf(station), String(i + 1), '0',
    ])
  })))
  files.set('frequencies.txt', formatCsv(['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'], directions.flatMap(({ routeId, model }) => model.bands.map((band) => [
    tripIdOf(routeId, model), formatGtfsTime(band.startS), formatGtfsTime(band.endS), String(band.headwayS), '0',
  ]))))
  files.set('shapes.txt', formatCsv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], directions.flatMap(({ routeId, model }) => model.shape.map(([lon, lat], i) => [
    tripIdOf(routeId, model), coordinate(lat), coordinate(lon), String(i + 1),
  ]))))
  files.set('calendar.txt', formatCsv(['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], [[SERVICE_ID, '1', '1', '1', '1', '1', '1', '1', compact(first), compact(last)]]))
  files.set('feed_info.txt', formatCsv(['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'], [[
    `Masar, learned from ${identity.agencyName}'s vehicle positions`, identity.agencyUrl, identity.lang, compact(first), compact(last), `avl-${compact(first)}-${compact(learnedUntil)}`,
  ]]))
  return files
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}
