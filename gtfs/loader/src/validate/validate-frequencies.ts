import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

/**
 * frequencies.txt: trip_id resolving in trips.txt, one row per (trip_id, start_time) (its primary key), end_time
 * not before start_time. exact_times 0 (frequency-based) and 1 (schedule-based) are both valid (GTFS reference,
 * frequencies.txt exact_times).
 */
export async function validateFrequencies(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const file = await readCheckedRows(ctx, 'frequencies.txt')
  if (!file) return
  const keys = createIdRegistry(file)
  await file.forEachRow((row, values) => {
    const tripId = requiredValue(file, row, 'trip_id')
    const startText = requiredValue(file, row, 'start_time')
    const endText = requiredValue(file, row, 'end_time')
    requiredValue(file, row, 'headway_secs')
    if (tripId !== null && index.hasTrips && !index.tripIndexById.has(tripId)) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `trip_id "${tripId}" is not in trips.txt: add the trip or correct the trip_id`)
    }
    const start = values.start_time ?? Number.NaN
    const end = values.end_time ?? Number.NaN
    if (end < start) {
      file.report('GTFS_RANGE_OUT_OF_ORDER', row.line, `end_time ${endText} is before start_time ${startText}: swap or correct them`)
    }
    if (tripId !== null && !Number.isNaN(start)) {
      keys.add(`${tripId}\u0000${start}`, row.line, `(trip_id "${tripId}", start_time ${startText})`)
    }
  })
}
