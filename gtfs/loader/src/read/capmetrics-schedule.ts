import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { cumulativeDistancesM } from '@masar/model/geo/polyline'
import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { CalendarRule } from '@masar/model/gtfs/service-day'
import { Schedule, type ScheduleShape, type ScheduleStop, type ScheduleTrip } from '../schedule/schedule.js'
import { readCsvRecords } from './csv-records.js'
import { GtfsError } from './gtfs-error.js'

export interface CapMetricsScheduleOptions {
  schedulePath: string
  stopsPath: string
  /** The AVL file of each day (one, or one per day of a multi-day eval). */
  avlPath: string | readonly string[]
  /** 'YYYY-MM-DD', the day of the AVL file; several for several days (the trips running on any of them). */
  serviceDate: string | readonly string[]
}

export const CAPMETRO_TIME_ZONE = 'America/Chicago'

/** Monday first, as CalendarRule.days; the schedule file's flag columns are named so. */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
const DAY_S = 24 * 3600
/** GTFS routes.txt route_type 3: bus. */
const BUS = 3

interface TripTimes {
  tripId: string
  stopIds: string[]
  arrivals: number[]
  days: boolean[]
  unreadable: boolean
}

async function openText(path: string): Promise<Readable> {
  const info = await stat(path).catch((err: unknown) => {
    throw new GtfsError('GTFS_NOT_FOUND', `No CapMetrics file at ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}`, { cause: err })
  })
  if (!info.isFile()) throw new GtfsError('GTFS_NOT_FOUND', `${path} is not a file: give the CapMetrics .csv or .csv.gz file`)
  const file = createReadStream(path)
  return path.toLowerCase().endsWith('.gz') ? pipeline(file, createGunzip(), () => {}) : file
}

/** The named columns of each row of a CSV file, in the order asked; optional columns absent from the header read ''. */
async function* readColumns(path: string, required: readonly string[], optional: readonly string[] = []): AsyncGenerator<string[]> {
  const text = await openText(path)
  let at: number[] | null = null
  try {
    for await (const batch of readCsvRecords(text)) {
      for (const { fields } of batch) {
        if (at === null) {
          const header = fields.map((name) => name.trim())
          const missing = required.filter((column) => !header.includes(column))
          if (missing.length > 0) throw new GtfsError('GTFS_MISSING_COLUMN', `${path} has no column ${missing.join(', ')} (its header: ${header.join(',')})`)
          at = [...required, ...optional].map((column) => header.indexOf(column))
          continue
        }
        if (fields.length === 1 && fields[0] === '') continue // a blank line
        yield at.map((index) => (index === -1 ? '' : (fields[index]?.trim() ?? '')))
      }
    }
  } catch (err) {
    if (err instanceof GtfsError) throw err
    throw new GtfsError('GTFS_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, { cause: err })
  } finally {
    text.destroy()
  }
}

/** trip_id → the route and headsign the vehicles running it reported (the first row of each trip). */
async function readAvlTrips(avlPaths: readonly string[]): Promise<Map<string, { routeId: string; headsign: string | null }>> {
  const trips = new Map<string, { routeId: string; headsign: string | null }>()
  for (const avlPath of avlPaths) {
    for await (const [tripId, routeId, headsign] of readColumns(avlPath, ['trip_id', 'route_id'], ['trip_headsign'])) {
      if (tripId === '' || routeId === '' || trips.has(tripId!)) continue
      trips.set(tripId!, { routeId: routeId!, headsign: headsign || null })
    }
  }
  return trips
}

async function readStopTimes(schedulePath: string, wanted: ReadonlySet<string>): Promise<Map<string, TripTimes>> {
  const trips = new Map<string, TripTimes>()
  for await (const [tripId, arrival, stopId, ...flags] of readColumns(schedulePath, ['trip_id', 'arrival_time', 'stop_id', ...WEEKDAYS])) {
    if (!wanted.has(tripId!)) continue
    let trip = trips.get(tripId!)
    if (!trip) trips.set(tripId!, (trip = { tripId: tripId!, stopIds: [], arrivals: [], days: flags.map((flag) => flag === '1'), unreadable: false }))
    const seconds = parseGtfsTime(arrival!)
    if (seconds === null || stopId === '') trip.unreadable = true
    trip.stopIds.push(stopId!)
    trip.arrivals.push(seconds ?? -1)
  }
  return trips
}

async function readStops(stopsPath: string): Promise<Map<string, ScheduleStop>> {
  const stops = new Map<string, ScheduleStop>()
  for await (const [stopId, lat, lon, name] of readColumns(stopsPath, ['stop_id', 'stop_lat', 'stop_lon'], ['stop_name'])) {
    const [stopLat, stopLon] = [Number(lat), Number(lon)]
    if (stopId === '' || lat === '' || lon === '' || !Number.isFinite(stopLat) || !Number.isFinite(stopLon)) continue
    stops.set(stopId!, { stopId: stopId!, code: null, name: name || stopId!, translations: {}, lat: stopLat, lon: stopLon })
  }
  return stops
}

/** Monday-first weekday (0–6) of a 'YYYY-MM-DD' date, and the date before it. */
function calendarDay(serviceDate: string): { weekday: number; previousDate: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(serviceDate)
  const utc = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
  if (!utc || utc.toISOString().slice(0, 10) !== serviceDate) {
    throw new GtfsError('GTFS_INVALID_SERVICE_DATE', `the service date "${serviceDate}" is not a YYYY-MM-DD date (e.g. 2015-03-07)`)
  }
  return { weekday: (utc.getUTCDay() + 6) % 7, previousDate: new Date(utc.getTime() - DAY_S * 1000).toISOString().slice(0, 10) }
}

const serviceIdOf = (days: readonly boolean[]) => `weekly-${WEEKDAYS.filter((_, i) => days[i]).map((day) => day.slice(0, 3)).join('-')}`

/** The trip with its stops in arrival order and a straight-line shape through them; null when it has no usable stops. */
function toTrip(times: TripTimes, avl: { routeId: string; headsign: string | null }, stops: ReadonlyMap<string, ScheduleStop>): { trip: ScheduleTrip; shape: ScheduleShape } | null {
  const { tripId } = times
  if (times.unreadable || times.stopIds.length < 2 || !times.stopIds.every((id) => stops.has(id))) return null
  const order = times.arrivals.map((_, i) => i).sort((a, b) => times.arrivals[a]! - times.arrivals[b]! || a - b)
  const stopIds = order.map((i) => times.stopIds[i]!)
  const arrivals = Int32Array.from(order, (i) => times.arrivals[i]!)
  const lats = Float64Array.from(stopIds, (id) => stops.get(id)!.lat)
  const lons = Float64Array.from(stopIds, (id) => stops.get(id)!.lon)
  const distancesM = cumulativeDistancesM(lats, lons)
  return {
    // The shape's points are the stops, so the shape_dist_traveled of each stop is its point's distance in metres.
    shape: { shapeId: tripId, lats, lons, distancesM, feedDistances: distancesM },
    trip: {
      tripId, routeId: avl.routeId, serviceId: serviceIdOf(times.days), directionId: null, blockId: null, shapeId: tripId,
      headsign: avl.headsign, stopIds, arrivals, departures: arrivals.slice(), shapeDistTraveled: distancesM.slice(), distancesM: new Float64Array(0),
    },
  }
}

/**
 * A Schedule for one service date of Capital Metro (Austin) from the CapMetrics files (scascketta/CapMetrics; see
 * ../shared/data/avl/capmetro-austin-2015-03-07/PROVENANCE.md), which are not a GTFS feed: a schedule CSV (stop_times
 * joined with the weekly calendar: trip_id, arrival_time, stop_id, sunday … saturday), a stops CSV, and a day of AVL
 * positions (the only place that gives a trip's route_id). Each may be gzipped (.gz).
 *
 * It holds the trips of the AVL file that run in that date's day: those whose weekday flags include the date, and
 * those of the day before that pass 24:00:00 (Austin's owl trips, seen on the AVL after midnight). Other trips are
 * left out. The files have no shapes, blocks, directions or stop_sequence: each trip gets a straight-line shape
 * through its stops (shape id = trip id, distances in metres, as the import derives missing shapes), stops in
 * arrival order, departures equal to arrivals, blockId null.
 *
 * Services are the weekday patterns of the flags (`weekly-sat`, `weekly-mon-tue-wed-thu-fri`), each running on
 * its weekdays from the day before the date to the date: servicesOn(date) names those of the date's trips, and
 * servicesOn(the day before) those of the owl trips (a trip runs on both days when its flags say so).
 * With several dates (a multi-day eval: several AVL files, one per day), it holds the trips of every AVL file that run
 * on any of the dates, and each service runs on its weekdays from the day before the first date to the last.
 */
export async function readCapMetricsSchedule(options: CapMetricsScheduleOptions): Promise<Schedule> {
  const dates = (typeof options.serviceDate === 'string' ? [options.serviceDate] : [...options.serviceDate]).sort()
  if (dates.length === 0) throw new GtfsError('GTFS_INVALID_SERVICE_DATE', 'a CapMetrics schedule needs at least one service date (YYYY-MM-DD)')
  const days = dates.map(calendarDay)
  const previousDate = days[0]!.previousDate
  const avlPaths = typeof options.avlPath === 'string' ? [options.avlPath] : options.avlPath
  const [avlTrips, stops] = await Promise.all([readAvlTrips(avlPaths), readStops(options.stopsPath)])
  const stopTimes = await readStopTimes(options.schedulePath, new Set(avlTrips.keys()))
  const trips: ScheduleTrip[] = []
  const shapes: ScheduleShape[] = []
  const calendar = new Map<string, CalendarRule>()
  for (const [tripId, avl] of avlTrips) {
    const times = stopTimes.get(tripId)
    if (!times) continue
    const owl = Math.max(...times.arrivals) >= DAY_S
    const runs = days.some(({ weekday }) => times.days[weekday] === true || (owl && times.days[(weekday + 6) % 7] === true))
    if (!runs) continue
    const built = toTrip(times, avl, stops)
    if (!built) continue
    trips.push(built.trip)
    shapes.push(built.shape)
    const serviceId = built.trip.serviceId
    if (!calendar.has(serviceId)) {
      calendar.set(serviceId, { serviceId, days: times.days as unknown as CalendarRule['days'], startDate: previousDate, endDate: dates.at(-1)! })
    }
  }
  const usedStops = new Set(trips.flatMap((trip) => trip.stopIds))
  const routes = [...new Set(trips.map((trip) => trip.routeId))].map((routeId) => ({ routeId, shortName: routeId, longName: null, type: BUS, color: null }))
  return new Schedule({
    feedId: 0, timeZone: CAPMETRO_TIME_ZONE,
    stops: [...stops.values()].filter((stop) => usedStops.has(stop.stopId)),
    routes, trips, shapes, calendar: [...calendar.values()], calendarDates: [], frequencies: [],
  })
}
