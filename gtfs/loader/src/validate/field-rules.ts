import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import type { GtfsRow } from '../read/read-gtfs-rows.js'
import { isGtfsColor, isIanaTimezone, parseDecimal, parseGtfsDate, parseInteger, parseNonNegativeInteger } from './field-formats.js'
import type { ReadFileName } from './gtfs-files.js'
import type { IssueCode } from './issue-codes.js'

/** The type of a column, as the GTFS reference's "Type" column gives it (https://gtfs.org/schedule/reference/#field-types). */
type SimpleKind =
  | 'time' | 'date' | 'color' | 'timezone' | 'latitude' | 'longitude' | 'route-type'
  | 'non-negative-integer' | 'positive-integer' | 'non-negative-decimal'
type FieldKind = { kind: SimpleKind } | { kind: 'enum'; values: readonly number[] }

const enumOf = (...values: number[]): FieldKind => ({ kind: 'enum', values })
const BINARY = enumOf(0, 1)
const ZERO_TO_TWO = enumOf(0, 1, 2)
const ZERO_TO_THREE = enumOf(0, 1, 2, 3)
const k = (kind: SimpleKind): FieldKind => ({ kind })

const FIELD_KINDS: Record<ReadFileName, Record<string, FieldKind>> = {
  'agency.txt': { agency_timezone: k('timezone'), cemv_support: ZERO_TO_TWO },
  'stops.txt': {
    stop_lat: k('latitude'), stop_lon: k('longitude'), location_type: enumOf(0, 1, 2, 3, 4), stop_timezone: k('timezone'),
    wheelchair_boarding: ZERO_TO_TWO, stop_access: BINARY,
  },
  'routes.txt': {
    route_type: k('route-type'), route_color: k('color'), route_text_color: k('color'), route_sort_order: k('non-negative-integer'),
    continuous_pickup: ZERO_TO_THREE, continuous_drop_off: ZERO_TO_THREE, cemv_support: ZERO_TO_TWO,
  },
  'calendar.txt': {
    monday: BINARY, tuesday: BINARY, wednesday: BINARY, thursday: BINARY, friday: BINARY, saturday: BINARY, sunday: BINARY,
    start_date: k('date'), end_date: k('date'),
  },
  'calendar_dates.txt': { date: k('date'), exception_type: enumOf(1, 2) },
  'shapes.txt': {
    shape_pt_lat: k('latitude'), shape_pt_lon: k('longitude'), shape_pt_sequence: k('non-negative-integer'),
    shape_dist_traveled: k('non-negative-decimal'),
  },
  'trips.txt': { direction_id: BINARY, wheelchair_accessible: ZERO_TO_TWO, bikes_allowed: ZERO_TO_TWO, cars_allowed: ZERO_TO_TWO },
  'stop_times.txt': {
    arrival_time: k('time'), departure_time: k('time'), stop_sequence: k('non-negative-integer'), pickup_type: ZERO_TO_THREE,
    drop_off_type: ZERO_TO_THREE, continuous_pickup: ZERO_TO_THREE, continuous_drop_off: ZERO_TO_THREE,
    shape_dist_traveled: k('non-negative-decimal'), timepoint: BINARY,
    start_pickup_drop_off_window: k('time'), end_pickup_drop_off_window: k('time'),
  },
  'frequencies.txt': { start_time: k('time'), end_time: k('time'), headway_secs: k('positive-integer'), exact_times: BINARY },
  'feed_info.txt': { feed_start_date: k('date'), feed_end_date: k('date') },
  'translations.txt': {},
}

/** route_type: the basic types (GTFS reference, routes.txt) or Google's extended types 100–1702 (HVT codes). */
function isRouteType(value: number): boolean {
  return (value >= 0 && value <= 7) || value === 11 || value === 12 || (value >= 100 && value <= 1702)
}

export interface FieldProblem {
  code: IssueCode
  /** What is wrong and what to do, after `column "value"`. */
  detail: string
}

let lastTimeText = ''
let lastTimeSeconds: number | null = null

/** parseGtfsTime, remembering the last answer: stop_times rows mostly repeat arrival_time as departure_time. */
function parseTimeOnce(text: string): number | null {
  if (text !== lastTimeText) {
    lastTimeText = text
    lastTimeSeconds = parseGtfsTime(text)
  }
  return lastTimeSeconds
}

const problem = (code: IssueCode, detail: string): FieldProblem => ({ code, detail })

/**
 * One non-empty value of a column of this kind: its number (seconds for a time, YYYYMMDD for a date, NaN for a
 * color or time zone), or what is wrong with it.
 */
function checkValue(field: FieldKind, text: string): number | FieldProblem {
  switch (field.kind) {
    case 'time':
      return parseTimeOnce(text) ?? problem('GTFS_BAD_TIME', 'is not a time: write H:MM:SS or HH:MM:SS (hours may pass 24)')
    case 'date':
      return parseGtfsDate(text) ?? problem('GTFS_BAD_DATE', 'is not a date: write a real day as YYYYMMDD')
    case 'color':
      return isGtfsColor(text) ? Number.NaN : problem('GTFS_BAD_COLOR', 'is not a color: write six hexadecimal digits without "#", e.g. 0039A6')
    case 'timezone':
      return isIanaTimezone(text) ? Number.NaN : problem('GTFS_BAD_TIMEZONE', 'is not an IANA time zone: write one such as Asia/Amman')
    case 'latitude':
    case 'longitude': {
      const value = parseDecimal(text)
      const limit = field.kind === 'latitude' ? 90 : 180
      if (value === null) return problem('GTFS_BAD_NUMBER', `is not a ${field.kind} in decimal degrees`)
      return Math.abs(value) <= limit ? value : problem('GTFS_COORDINATES_OUT_OF_RANGE', `is outside [-${limit}, ${limit}]: check the coordinates (swapped latitude and longitude?)`)
    }
    case 'non-negative-integer':
      return parseNonNegativeInteger(text) ?? problem('GTFS_BAD_NUMBER', 'is not a non-negative integer')
    case 'positive-integer': {
      const value = parseNonNegativeInteger(text) ?? 0
      return value > 0 ? value : problem('GTFS_BAD_NUMBER', 'is not a positive integer')
    }
    case 'non-negative-decimal': {
      const value = parseDecimal(text) ?? -1
      return value >= 0 ? value : problem('GTFS_BAD_NUMBER', 'is not a non-negative number')
    }
    case 'enum': {
      const value = parseInteger(text)
      return value !== null && field.values.includes(value) ? value : problem('GTFS_BAD_ENUM', `is not one of ${field.values.join(', ')}`)
    }
    case 'route-type': {
      const value = parseInteger(text)
      return value !== null && isRouteType(value) ? value : problem('GTFS_BAD_ENUM', 'is not a GTFS route type (0–7, 11, 12, or an extended type 100–1702)')
    }
  }
}

export type FieldProblemSink = (code: IssueCode, line: number, message: string) => void
export type TypedColumns = readonly (readonly [string, FieldKind])[]

/** The typed columns of a file that its header has. */
export function typedColumnsOf(fileName: ReadFileName, columns: ReadonlySet<string>): TypedColumns {
  return Object.entries(FIELD_KINDS[fileName]).filter(([column]) => columns.has(column))
}

/** A values object for the rows of a file: every typed column NaN, so those the header lacks read as NaN. */
export function emptyValuesOf(fileName: ReadFileName): Record<string, number> {
  return Object.fromEntries(Object.keys(FIELD_KINDS[fileName]).map((column) => [column, Number.NaN]))
}

/**
 * Checks the typed fields of one row, reporting each malformed one, and writes each typed column's number into
 * `values` (NaN when empty, malformed, or not numeric), so validators never parse a field twice.
 */
export function checkFieldFormats(typedColumns: TypedColumns, row: GtfsRow, values: Record<string, number>, report: FieldProblemSink): void {
  const fields = row.fields
  for (const [column, field] of typedColumns) {
    const text = fields[column]
    if (text === undefined || text === '') {
      values[column] = Number.NaN
      continue
    }
    const result = checkValue(field, text)
    if (typeof result === 'number') {
      values[column] = result
    } else {
      values[column] = Number.NaN
      report(result.code, row.line, `${column} "${text}" ${result.detail}`)
    }
  }
}
