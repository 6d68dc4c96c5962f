import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { DemoNetwork, RoutePattern } from './build-network.js'
import type { ScheduledTrip } from './build-schedule.js'
import { formatDistMetres } from './format-network-files.js'
import { formatCsv } from './write-csv.js'

function patternOf(network: DemoNetwork, trip: ScheduledTrip): RoutePattern {
  const patterns = network.patterns.get(trip.routeId)
  if (!patterns) throw new RangeError(`No shape for route ${trip.routeId}`)
  return patterns[trip.directionId]
}

export function formatTrips(network: DemoNetwork, trips: readonly ScheduledTrip[]): string {
  return formatCsv(
    ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'block_id', 'shape_id'],
    trips.map((t) => {
      const pattern = patternOf(network, t)
      return [t.routeId, t.serviceId, t.tripId, pattern.headsignAr, String(t.directionId), t.blockId, pattern.shapeId]
    }),
  )
}

/**
 * One row per stop of each trip, at the trip's expected offsets (running-times.ts: the hour's traffic between
 * stops, the dwell allowance in the stretch after each stop); arrival and departure are the same.
 */
export function formatStopTimes(network: DemoNetwork, trips: readonly ScheduledTrip[]): string {
  const rows: string[][] = []
  for (const trip of trips) {
    const pattern = patternOf(network, trip)
    pattern.stops.forEach((stop, i) => {
      const time = formatGtfsTime(trip.departureSeconds + trip.stopOffsetsS[i]!)
      rows.push([trip.tripId, time, time, stop.stopId, String(i + 1), formatDistMetres(stop.distMetres)])
    })
  }
  return formatCsv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'shape_dist_traveled'], rows)
}

/**
 * frequencies.txt: each trip of a route run to a headway is its own window, one run long (end_time = start_time +
 * headway_secs), exact_times 0: its stop times are nominal, the headway is the promise (GTFS frequencies.txt;
 * riders are told "every N min", dispatchers judge the gap to the bus ahead). Each run keeps its trip's block,
 * so the buses still work their blocks.
 */
export function formatFrequencies(trips: readonly ScheduledTrip[]): string {
  return formatCsv(
    ['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'],
    trips.filter((t) => t.headwayS !== undefined).map((t) => [t.tripId, formatGtfsTime(t.departureSeconds), formatGtfsTime(t.departureSeconds + t.headwayS!), String(t.headwayS), '0']),
  )
}
