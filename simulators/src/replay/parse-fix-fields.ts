import { parseTraceRow, type TraceRow } from './parse-trace-row.js'
import { TRACE_FIELDS, type ColumnIndexes, type TraceField, type TraceFormat } from './trace-formats.js'

/** A fix read from a snapshot (a GTFS-Realtime entity, a SIRI VehicleActivity), each field as text. */
export type FixFields = Partial<Record<TraceField, string>>

const INDEXES = Object.fromEntries(TRACE_FIELDS.map((field, index) => [field, index])) as ColumnIndexes

/** A snapshot's fix as a record, checked by the same rules as a CSV row (same reasons when it cannot be one). */
export function parseFixFields(fix: FixFields, format: TraceFormat, timeZone: string | null): TraceRow {
  const fields = TRACE_FIELDS.map((field) => fix[field] ?? '')
  return parseTraceRow(fields, { format, indexes: INDEXES, columnCount: fields.length, timeZone })
}
