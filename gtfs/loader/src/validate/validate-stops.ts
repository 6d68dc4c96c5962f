import type { GtfsRow } from '../read/read-gtfs-rows.js'
import type { RowValues } from './read-checked-rows.js'
import { readCheckedRows, type CheckedFile } from './read-checked-rows.js'
import { createIdRegistry, requiredValue } from './row-checks.js'
import type { FeedIndex, ValidationContext } from './validation-context.js'

const STATION = 1
const BOARDING_AREA = 4
const LOCATION_NAMES = ['stop/platform', 'station', 'entrance/exit', 'generic node', 'boarding area']

/** GTFS reference, stops.txt: stop_name, stop_lat and stop_lon are "Required for … location_type=0, 1 or 2". */
const NAMED_AND_PLACED = 'is required for stops, stations and entrances (location_type 0, 1, 2)'
const PLACE_COLUMNS = ['stop_lat', 'stop_lon'] as const

interface ParentLink {
  line: number
  locationType: number
  parentId: string
}

/** The location_type of a row: 0 when empty, -1 when malformed (reported by the field rules; no rule then applies). */
function locationTypeOf(row: GtfsRow, values: RowValues): number {
  if ((row.fields.location_type ?? '').trim() === '') return 0
  const value = values.location_type ?? Number.NaN
  return Number.isNaN(value) ? -1 : value
}

/**
 * GTFS reference, stops.txt parent_station: a stop/platform, entrance or generic node has a station as parent, a
 * boarding area has a platform, a station has none.
 */
function checkParentLinks(file: CheckedFile, index: FeedIndex, links: ParentLink[]): void {
  for (const { line, locationType, parentId } of links) {
    const parent = index.stopIndexById.get(parentId)
    if (parent === undefined) {
      file.report('GTFS_UNKNOWN_PARENT_STATION', line, `parent_station "${parentId}" is not a stop_id in stops.txt: the stop is imported without its station; add the station or correct the parent_station`)
      continue
    }
    const expected = locationType === BOARDING_AREA ? 0 : STATION
    const actual = index.stopLocationTypes[parent] ?? 0
    if (actual >= 0 && actual !== expected) {
      file.report('GTFS_WRONG_LOCATION_TYPE', line, `parent_station "${parentId}" is a ${LOCATION_NAMES[actual] ?? 'location'} (location_type ${actual}) but the parent of a ${LOCATION_NAMES[locationType]} must be a ${LOCATION_NAMES[expected]}: correct the parent_station or its location_type`)
    }
  }
}

/** stops.txt: unique stop_id, names and coordinates where required, coordinates that are not (0, 0), parents. */
export async function validateStops(ctx: ValidationContext, index: FeedIndex): Promise<void> {
  const file = await readCheckedRows(ctx, 'stops.txt')
  if (!file) return
  const ids = createIdRegistry(file)
  const parentLinks: ParentLink[] = []
  let needsPlaceColumns = false
  await file.forEachRow((row, values) => {
    const id = requiredValue(file, row, 'stop_id')
    const locationType = locationTypeOf(row, values)
    const placed = locationType >= 0 && locationType <= 2
    if (placed) {
      needsPlaceColumns = true
      for (const column of PLACE_COLUMNS) requiredValue(file, row, column, NAMED_AND_PLACED)
      // A stop without a name can still be served and tracked: a warning, and riders see its code or id.
      if ((row.fields.stop_name ?? '').trim() === '' && file.columns.has('stop_name')) {
        file.report('GTFS_STOP_WITHOUT_NAME', row.line, `stop "${id ?? ''}" has no stop_name, which GTFS requires for stops, stations and entrances: riders will see its ${row.fields.stop_code ? 'stop_code' : 'stop_id'} until it is named`)
      }
    }
    const latitude = values.stop_lat ?? Number.NaN
    const longitude = values.stop_lon ?? Number.NaN
    if (latitude === 0 && longitude === 0) {
      file.report('GTFS_STOP_ZERO_COORDINATES', row.line, `stop "${id ?? ''}" is at latitude 0, longitude 0 (in the Gulf of Guinea): give its real coordinates`)
    }
    const parentId = row.fields.parent_station ?? ''
    if (locationType === STATION && parentId !== '') {
      file.report('GTFS_WRONG_LOCATION_TYPE', row.line, `station "${id ?? ''}" has parent_station "${parentId}" but a station (location_type 1) must have none: empty it`)
    } else if (parentId !== '' && locationType >= 0) {
      parentLinks.push({ line: row.line, locationType, parentId })
    } else if (locationType > 1) {
      requiredValue(file, row, 'parent_station', `is required for entrances, generic nodes and boarding areas (location_type ${locationType})`)
    }
    if (id !== null && ids.add(id, row.line, `stop_id "${id}"`)) {
      index.stopIndexById.set(id, index.stopLines.length)
      index.stopIds.push(id)
      index.stopLines.push(row.line)
      index.stopLocationTypes.push(locationType)
      index.stopLatitudes.push(latitude)
      index.stopLongitudes.push(longitude)
    }
  })
  if (needsPlaceColumns) {
    for (const column of [...PLACE_COLUMNS, 'stop_name']) {
      if (!file.columns.has(column)) file.report('GTFS_MISSING_COLUMN', 1, `column ${column} ${NAMED_AND_PLACED} but not in the header: add it`)
    }
  }
  checkParentLinks(file, index, parentLinks)
  index.hasStops = file.columns.has('stop_id')
}
