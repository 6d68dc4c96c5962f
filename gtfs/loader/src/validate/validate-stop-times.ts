import type { GtfsRow } from '../read/read-gtfs-rows.js'
import { checkTripStopTimes } from './check-trip-stop-times.js'
import { readCheckedRows, type CheckedFile } from './read-checked-rows.js'
import { requiredValue } from './row-checks.js'
import { NO_TIME, StopTimeTable } from './stop-time-table.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

export interface StopTimesSummary {
  /** Stop times read without shape_dist_traveled (all of them when the column is absent). */
  withoutShapeDist: number
}

/** Seconds of a time from the row's values (NaN when empty or malformed) as the table keeps them. */
function timeOf(seconds: number | undefined): number {
  return seconds === undefined || Number.isNaN(seconds) ? NO_TIME : seconds
}

/** The stop of a row, as an index into the stop columns of the feed index; -1 when unknown (and reported). */
function stopOf(file: CheckedFile, row: GtfsRow, index: FeedIndex, usedStops: Uint8Array): number {
  const stopId = requiredValue(file, row, 'stop_id')
  if (stopId === null || !index.hasStops) return -1
  const stop = index.stopIndexById.get(stopId)
  if (stop === undefined) {
    file.report('GTFS_UNKNOWN_REFERENCE', row.line, `stop_id "${stopId}" is not in stops.txt: add the stop or correct the stop_id`)
    return -1
  }
  usedStops[stop] = 1
  const locationType = index.stopLocationTypes[stop]!
  if (locationType > 0) {
    // GTFS reference, stop_times.txt stop_id: "Referenced locations must be stops/platforms, i.e. their
    // stops.location_type value must be 0 or empty."
    file.report('GTFS_WRONG_LOCATION_TYPE', row.line, `stop_id "${stopId}" is a location of location_type ${locationType}, not a stop or platform: point the stop time at one of the station's platforms`)
  }
  return stop
}

/** Stops (location_type 0) that no stop time visits. */
function reportUnusedStops(ctx: ValidationContext, index: FeedIndex, usedStops: Uint8Array): void {
  for (let stop = 0; stop < usedStops.length; stop++) {
    if (usedStops[stop] || index.stopLocationTypes[stop] !== 0) continue
    ctx.log.report('GTFS_UNUSED_STOP', 'stops.txt', index.stopLines[stop]!, `stop "${index.stopIds[stop]}" is visited by no stop_time: remove it if it is not served`)
  }
}

/** Trips with fewer than two stop times. MobilityData gtfs-validator, unusable_trip: a WARNING. */
function reportUnusableTrips(ctx: ValidationContext, index: FeedIndex, stopTimeCounts: Int32Array): void {
  for (let trip = 0; trip < stopTimeCounts.length; trip++) {
    const count = stopTimeCounts[trip]!
    if (count >= 2) continue
    const [code, what] = count === 0 ? (['GTFS_TRIP_WITHOUT_STOP_TIMES', 'no stop_times'] as const) : (['GTFS_TRIP_SINGLE_STOP_TIME', 'one stop_time'] as const)
    ctx.log.report(code, 'trips.txt', index.tripLines[trip]!, `trip "${index.tripIds[trip]}" has ${what}, so nobody can ride it: give it at least two stops or remove it`)
  }
}

/**
 * stop_times.txt, streamed: references and formats row by row, while the few numbers each trip's checks need are
 * kept in typed columns (never the raw rows); trips are checked in stop_sequence order once the file is read.
 */
export async function validateStopTimes(ctx: ValidationContext, index: FeedIndex): Promise<StopTimesSummary> {
  const summary: StopTimesSummary = { withoutShapeDist: 0 }
  const file = await readCheckedRows(ctx, 'stop_times.txt')
  if (!file) return summary
  const table = new StopTimeTable()
  const usedStops = new Uint8Array(index.stopLines.length)
  await file.forEachRow((row, values) => {
    const tripId = requiredValue(file, row, 'trip_id')
    const trip = tripId === null ? undefined : index.tripIndexById.get(tripId)
    if (tripId !== null && trip === undefined && index.hasTrips) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `trip_id "${tripId}" is not in trips.txt: add the trip or correct the trip_id`)
    }
    const stop = stopOf(file, row, index, usedStops)
    requiredValue(file, row, 'stop_sequence')
    const sequence = values.stop_sequence ?? Number.NaN
    const arrivalSeconds = timeOf(values.arrival_time)
    const departureSeconds = timeOf(values.departure_time)
    if (arrivalSeconds !== NO_TIME && departureSeconds !== NO_TIME && departureSeconds < arrivalSeconds) {
      file.report('GTFS_STOP_TIMES_OUT_OF_ORDER', row.line, `departure_time ${row.fields.departure_time} is before arrival_time ${row.fields.arrival_time}: a vehicle cannot leave before it arrives`)
    }
    if (row.fields.timepoint?.trim() === '1') {
      // GTFS reference, stop_times.txt: arrival_time and departure_time are "Required for timepoint=1".
      requiredValue(file, row, 'arrival_time', 'is required when timepoint is 1')
      requiredValue(file, row, 'departure_time', 'is required when timepoint is 1')
    }
    const shapeDistTraveled = values.shape_dist_traveled ?? Number.NaN
    if (Number.isNaN(shapeDistTraveled)) summary.withoutShapeDist += 1
    if (trip !== undefined && !Number.isNaN(sequence)) {
      table.push({ tripIndex: trip, stopIndex: stop, sequence, arrivalSeconds, departureSeconds, shapeDistTraveled, line: row.line })
    }
  })
  if (summary.withoutShapeDist > 0) {
    const rows = ctx.rowCounts['stop_times.txt']
    const which = file.columns.has('shape_dist_traveled') ? `${summary.withoutShapeDist} of ${rows} stop times have no shape_dist_traveled` : 'there is no shape_dist_traveled column'
    file.report('GTFS_SHAPE_DIST_MISSING', null, `${which}: distances along the shapes will be computed`)
  }
  const stopTimeCounts = checkTripStopTimes(file, table, index)
  if (index.hasStops && file.columns.has('stop_id')) reportUnusedStops(ctx, index, usedStops)
  if (index.hasTrips && file.columns.has('trip_id') && file.columns.has('stop_sequence')) reportUnusableTrips(ctx, index, stopTimeCounts)
  return summary
}
