import { IDENTIFIER_PATTERN } from '@masar/model/telemetry/topics'
import { parseGtfsTripStart, parseTraceTime } from './parse-trace-time.js'
import type { TraceRecord } from './trace-record.js'
import type { ColumnIndexes, TraceFormat } from './trace-formats.js'

/** Why a row of a trace was skipped (snake_case: counted by reason). */
export type SkipReason =
  | 'wrong_field_count'
  | 'unterminated_quote'
  | 'invalid_vehicle_id'
  | 'invalid_time'
  | 'time_without_zone'
  | 'invalid_position'
  | 'invalid_bearing'
  | 'invalid_speed'
  | 'invalid_journey_start'
  | 'unreadable_snapshot'

export type TraceRow =
  | { ok: true; record: TraceRecord }
  | { ok: false; reason: SkipReason; detail: string }

export interface RowContext {
  format: TraceFormat
  indexes: ColumnIndexes
  columnCount: number
  /** Zone of times without an offset; null = such times are skipped. */
  timeZone: string | null
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function decimalOf(text: string | undefined): number | null {
  const trimmed = text?.trim() ?? ''
  return DECIMAL.test(trimmed) ? Number(trimmed) : null
}

function textOf(fields: readonly string[], index: number): string | undefined {
  const value = index === -1 ? undefined : fields[index]?.trim()
  return value === undefined || value === '' ? undefined : value
}

const skip = (reason: SkipReason, detail: string): TraceRow => ({ ok: false, reason, detail })

/** One data row of a recognised trace as a record, or the reason it cannot be one. Never throws. */
export function parseTraceRow(fields: readonly string[], context: RowContext): TraceRow {
  const { format, indexes } = context
  if (fields.length !== context.columnCount) return skip('wrong_field_count', `${fields.length} fields, the header has ${context.columnCount}`)
  const vehicleId = fields[indexes.vehicle]!.trim()
  if (!IDENTIFIER_PATTERN.test(vehicleId)) return skip('invalid_vehicle_id', `vehicle "${vehicleId.slice(0, 70)}" must be 1–64 letters, digits, "_", "-" or "."`)
  const time = parseTraceTime(textOf(fields, indexes.time) ?? textOf(fields, indexes.feedTime) ?? '', context.timeZone)
  if (!time.ok) return skip(time.reason, time.detail)
  const lat = decimalOf(fields[indexes.lat])
  const lon = decimalOf(fields[indexes.lon])
  if (lat === null || lon === null || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    return skip('invalid_position', `lat "${fields[indexes.lat]}", lon "${fields[indexes.lon]}" is not a WGS 84 position`)
  }
  const record: TraceRecord = { vehicleId, atMs: time.atMs, lat, lon }

  const bearingText = textOf(fields, indexes.bearing)
  if (bearingText !== undefined) {
    const bearingDeg = decimalOf(bearingText)
    if (bearingDeg === null || bearingDeg < 0 || bearingDeg > 360) return skip('invalid_bearing', `bearing "${bearingText}" is not 0–360 degrees`)
    if (!(bearingDeg === 0 && format.zeroBearingIsUnknown)) record.bearingDeg = bearingDeg
  }
  const speedText = textOf(fields, indexes.speed)
  if (speedText !== undefined) {
    const speed = decimalOf(speedText)
    if (speed === null || speed < 0) return skip('invalid_speed', `speed "${speedText}" is not a non-negative number`)
    record.speedMps = Math.round(speed * format.speedToMps * 1000) / 1000
  }
  const tripId = textOf(fields, indexes.trip)
  if (tripId !== undefined) record.tripId = tripId
  const routeId = textOf(fields, indexes.route)
  if (routeId !== undefined) record.routeId = routeId
  const stopId = textOf(fields, indexes.stop)
  if (stopId !== undefined) record.stopId = stopId
  const direction = textOf(fields, indexes.direction)
  if (direction !== undefined) record.direction = direction
  const journeyStartText = textOf(fields, indexes.journeyStart)
  if (journeyStartText !== undefined) {
    const journeyStart = parseTraceTime(journeyStartText, context.timeZone)
    if (!journeyStart.ok) return skip('invalid_journey_start', `journey departure "${journeyStartText.slice(0, 40)}": ${journeyStart.detail}`)
    record.journeyStartMs = journeyStart.atMs
  } else {
    const startDate = textOf(fields, indexes.startDate)
    const startTime = textOf(fields, indexes.startTime)
    const journeyStart = startDate !== undefined && startTime !== undefined ? parseGtfsTripStart(startDate, startTime, context.timeZone) : null
    if (journeyStart && !journeyStart.ok) return skip('invalid_journey_start', `trip start "${startDate} ${startTime}": ${journeyStart.detail}`)
    if (journeyStart) record.journeyStartMs = journeyStart.atMs
  }
  return { ok: true, record }
}
