import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

/** calendar.txt: every column required, service_id unique, end_date not before start_date. */
async function validateCalendar(ctx: ValidationContext, index: FeedIndex): Promise<boolean> {
  const file = await readCheckedRows(ctx, 'calendar.txt')
  if (!file) return false
  const ids = createIdRegistry(file)
  await file.forEachRow((row, values) => {
    const id = requiredValue(file, row, 'service_id')
    if (id !== null && ids.add(id, row.line, `service_id "${id}"`)) index.serviceIds.add(id)
    for (const day of DAYS) requiredValue(file, row, day)
    requiredValue(file, row, 'start_date')
    requiredValue(file, row, 'end_date')
    const start = values.start_date ?? Number.NaN
    const end = values.end_date ?? Number.NaN
    if (end < start) {
      file.report('GTFS_RANGE_OUT_OF_ORDER', row.line, `end_date ${end} is before start_date ${start}: swap or correct them`)
    }
  })
  return file.columns.has('service_id')
}

/** calendar_dates.txt: every column required, one row per (service_id, date) (its primary key). */
async function validateCalendarDates(ctx: ValidationContext, index: FeedIndex): Promise<boolean> {
  const file = await readCheckedRows(ctx, 'calendar_dates.txt')
  if (!file) return false
  const keys = createIdRegistry(file)
  await file.forEachRow((row) => {
    const id = requiredValue(file, row, 'service_id')
    const date = requiredValue(file, row, 'date')
    requiredValue(file, row, 'exception_type')
    if (id === null) return
    index.serviceIds.add(id)
    if (date !== null) keys.add(`${id}\u0000${date}`, row.line, `(service_id "${id}", date ${date})`)
  })
  return file.columns.has('service_id')
}

/**
 * The service_ids trips may use: those of calendar.txt and calendar_dates.txt (GTFS reference, trips.txt:
 * service_id "Foreign ID referencing calendar.service_id or calendar_dates.service_id"; a feed may have either).
 */
export async function validateCalendars(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const fromCalendar = await validateCalendar(ctx, index)
  const fromDates = await validateCalendarDates(ctx, index)
  index.hasServices = fromCalendar || fromDates
}
