import { readCheckedRows } from './read-checked-rows.js'
import { requiredValue } from './row-checks.js'
import type { ValidationContext } from './validation-context.js'

/**
 * feed_info.txt: publisher and language given, and "The feed_end_date date must not precede the feed_start_date
 * date if both are given" (GTFS reference, feed_info.txt).
 */
export async function validateFeedInfo(ctx: ValidationContext): Promise<void> {
  const file = await readCheckedRows(ctx, 'feed_info.txt')
  if (!file) return
  await file.forEachRow((row, values) => {
    requiredValue(file, row, 'feed_publisher_name')
    requiredValue(file, row, 'feed_publisher_url')
    requiredValue(file, row, 'feed_lang')
    const start = values.feed_start_date ?? Number.NaN
    const end = values.feed_end_date ?? Number.NaN
    if (end < start) {
      file.report('GTFS_RANGE_OUT_OF_ORDER', row.line, `feed_end_date ${end} is before feed_start_date ${start}: swap or correct them`)
    }
  })
}
