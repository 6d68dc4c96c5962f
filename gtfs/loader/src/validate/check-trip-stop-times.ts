import { formatGtfsTime } from '@masar/model/gtfs/gtfs-time'
import { findFastTravel } from './find-fast-travel.js'
import type { CheckedFile } from './read-checked-rows.js'
import { NO_TIME, type StopTimeTable } from './stop-time-table.js'
import type { FeedIndex } from './validation-context.js'

/**
 * Checks one trip's stop times in stop_sequence order: one row per stop_sequence (the primary key), times and
 * shape_dist_traveled never decreasing (GTFS reference, stop_times.txt: stop_sequence "must increase along the
 * trip"; shape_dist_traveled "must increase along with stop_sequence"), and arrival_time at the first and last
 * stop ("Required for the first and last stop in a trip").
 */
function checkTrip(file: CheckedFile, table: StopTimeTable, rows: Int32Array, tripId: string): void {
  const first = rows[0]!
  const last = rows[rows.length - 1]!
  if (file.columns.has('arrival_time')) {
    for (const [row, which] of [[first, 'first'], [last, 'last']] as const) {
      if (table.arrivalSeconds[row] !== NO_TIME) continue
      file.report('GTFS_MISSING_VALUE', table.line[row]!, `arrival_time is empty but trip "${tripId}" needs a time at its ${which} stop: give one`)
      if (first === last) break
    }
  }
  let timed = table.leaveSeconds(first) === NO_TIME ? -1 : first
  let measured = Number.isNaN(table.shapeDistTraveled[first]!) ? -1 : first
  for (let k = 1; k < rows.length; k++) {
    const previous = rows[k - 1]!
    const row = rows[k]!
    const line = table.line[row]!
    const sequence = table.sequence[row]!
    if (sequence === table.sequence[previous]) {
      file.report('GTFS_DUPLICATE_ID', line, `(trip_id "${tripId}", stop_sequence ${sequence}) is already defined on line ${table.line[previous]}: give each stop of a trip its own stop_sequence`)
    }
    const reach = table.reachSeconds(row)
    if (reach !== NO_TIME && timed >= 0 && reach < table.leaveSeconds(timed)) {
      file.report('GTFS_STOP_TIMES_OUT_OF_ORDER', line, `trip "${tripId}" reaches stop_sequence ${sequence} at ${formatGtfsTime(reach)}, before it leaves stop_sequence ${table.sequence[timed]} (line ${table.line[timed]}) at ${formatGtfsTime(table.leaveSeconds(timed))}: times must not decrease along stop_sequence`)
    }
    if (table.leaveSeconds(row) !== NO_TIME) timed = row
    const distance = table.shapeDistTraveled[row]!
    if (!Number.isNaN(distance)) {
      if (measured >= 0 && distance < table.shapeDistTraveled[measured]!) {
        file.report('GTFS_STOP_TIMES_OUT_OF_ORDER', line, `trip "${tripId}" has shape_dist_traveled ${distance} at stop_sequence ${sequence}, less than ${table.shapeDistTraveled[measured]} at stop_sequence ${table.sequence[measured]} (line ${table.line[measured]}): distances must not decrease along stop_sequence`)
      }
      measured = row
    }
  }
}

/**
 * Checks every trip's stop times once the whole file is read, and returns how many stop times each trip has
 * (by trip index).
 */
export function checkTripStopTimes(file: CheckedFile, table: StopTimeTable, index: FeedIndex): Int32Array {
  const tripCount = index.tripIds.length
  const { order, starts } = table.groupByTrip(tripCount)
  const counts = new Int32Array(tripCount)
  for (let t = 0; t < tripCount; t++) {
    const rows = order.subarray(starts[t]!, starts[t + 1]!)
    counts[t] = rows.length
    if (rows.length === 0) continue
    const tripId = index.tripIds[t]!
    checkTrip(file, table, rows, tripId)
    const fast = findFastTravel(table, rows, index, index.tripRouteTypes[t]!)
    if (fast) file.report('GTFS_FAST_TRAVEL', fast.line, `trip "${tripId}" ${fast.detail}: check the times and the stop coordinates`)
  }
  return counts
}
