import { readCheckedRows } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

/**
 * routes.txt: unique route_id, a route_type, a short or a long name (GTFS reference, routes.txt: route_short_name
 * "Required if routes.route_long_name is empty"), and agency_id resolving in agency.txt (required when agency.txt
 * has several agencies).
 */
export async function validateRoutes(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const file = await readCheckedRows(ctx, 'routes.txt')
  if (!file) return
  const hasNameColumn = file.columns.has('route_short_name') || file.columns.has('route_long_name')
  if (!hasNameColumn) {
    file.report('GTFS_MISSING_COLUMN', 1, 'neither route_short_name nor route_long_name is in the header: add at least one')
  }
  const ids = createIdRegistry(file)
  await file.forEachRow((row, values) => {
    const id = requiredValue(file, row, 'route_id')
    requiredValue(file, row, 'route_type')
    if (id !== null && ids.add(id, row.line, `route_id "${id}"`)) {
      index.routeTypeById.set(id, values.route_type ?? Number.NaN)
    }
    if (hasNameColumn && !row.fields.route_short_name && !row.fields.route_long_name) {
      file.report('GTFS_MISSING_VALUE', row.line, 'route_short_name and route_long_name are both empty: give the route at least one name')
    }
    const agencyId = row.fields.agency_id ?? ''
    if (agencyId !== '' && index.hasAgencies && !index.agencyIds.has(agencyId)) {
      file.report('GTFS_UNKNOWN_REFERENCE', row.line, `agency_id "${agencyId}" is not in agency.txt: add the agency or correct the agency_id`)
    } else if (agencyId === '' && index.agencyCount > 1) {
      file.report('GTFS_MISSING_VALUE', row.line, `agency_id is empty but agency.txt defines ${index.agencyCount} agencies: say which one runs the route`)
    }
  })
  index.hasRoutes = file.columns.has('route_id')
}
