import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import { parse } from 'csv-parse/sync'
import { findPeakBusesInService, spanBlocks } from './count-buses-in-service.js'

/** Rows of each file of a feed, by file name, each row its fields by column name. */
export type FeedTables = Record<string, Record<string, string>[]>

export interface DemoFeedSummary {
  routes: number
  stops: number
  trips: number
  tripsByService: Record<string, number>
  stopTimes: number
  /** Most buses in service at once (see count-buses-in-service.ts) and when, by service_id. */
  peakByService: Record<string, { buses: number; atSeconds: number | null }>
}

/** Reads the CSV texts of a generated feed back (it is small enough to hold in memory). */
export function parseFeedTables(files: Record<string, string>): FeedTables {
  const tables: FeedTables = {}
  for (const [fileName, text] of Object.entries(files)) {
    tables[fileName] = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  }
  return tables
}

function timeOf(text: string | undefined): number {
  const seconds = parseGtfsTime(text ?? '')
  if (seconds === null) throw new RangeError(`Not a GTFS time: ${text}`)
  return seconds
}

export function summarizeFeed(tables: FeedTables): DemoFeedSummary {
  const trips = (tables['trips.txt'] ?? []).map((t) => ({ tripId: t.trip_id!, blockId: t.block_id ?? '', serviceId: t.service_id! }))
  const stopTimes = (tables['stop_times.txt'] ?? []).map((st) => ({
    tripId: st.trip_id!,
    arrivalSeconds: timeOf(st.arrival_time),
    departureSeconds: timeOf(st.departure_time),
  }))
  const tripsByService: Record<string, number> = {}
  for (const trip of trips) tripsByService[trip.serviceId] = (tripsByService[trip.serviceId] ?? 0) + 1
  const peakByService: DemoFeedSummary['peakByService'] = {}
  for (const serviceId of Object.keys(tripsByService)) {
    peakByService[serviceId] = findPeakBusesInService(spanBlocks(trips, stopTimes, serviceId))
  }
  return {
    routes: tables['routes.txt']?.length ?? 0,
    stops: tables['stops.txt']?.length ?? 0,
    trips: trips.length,
    tripsByService,
    stopTimes: stopTimes.length,
    peakByService,
  }
}
