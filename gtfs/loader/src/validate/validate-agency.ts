import { isIanaTimezone } from './field-formats.js'
import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

/**
 * agency.txt: required fields, unique agency_id, one time zone for all agencies, and agency_id present on every
 * row when there are several (GTFS reference, agency.txt: agency_id "Required when the dataset contains data for
 * multiple transit agencies"; agency_timezone "If multiple agencies are specified … each must have the same").
 */
export async function validateAgency(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const file = await readCheckedRows(ctx, 'agency.txt')
  if (!file) return
  const ids = createIdRegistry(file)
  const linesWithoutId: number[] = []
  let firstTimezone: { zone: string; line: number } | null = null
  await file.forEachRow((row) => {
    index.agencyCount += 1
    requiredValue(file, row, 'agency_name')
    requiredValue(file, row, 'agency_url')
    const zone = requiredValue(file, row, 'agency_timezone')
    if (zone !== null && isIanaTimezone(zone)) {
      if (firstTimezone === null) firstTimezone = { zone, line: row.line }
      else if (zone !== firstTimezone.zone) {
        file.report('GTFS_BAD_TIMEZONE', row.line, `agency_timezone "${zone}" differs from "${firstTimezone.zone}" on line ${firstTimezone.line}: all agencies of a feed must share one time zone`)
      }
    }
    const id = row.fields.agency_id ?? ''
    if (id === '') linesWithoutId.push(row.line)
    else if (ids.add(id, row.line, `agency_id "${id}"`)) index.agencyIds.add(id)
  })
  if (index.agencyCount > 1) {
    for (const line of linesWithoutId) {
      file.report('GTFS_MISSING_VALUE', line, `agency_id is empty but is required when agency.txt defines several agencies: give each agency an id`)
    }
  }
  index.hasAgencies = true
}
