import type { Readable } from 'node:stream'
import { readCsvRecords } from './csv-records.js'

/** One row of a GTFS file: its fields by column name (absent optional columns are absent), and its line number. */
export interface GtfsRow {
  /** The line the row starts on, counting the header as line 1 (a quoted field may span lines). */
  line: number
  fields: Record<string, string>
  /** How many fields the row has (it may differ from the header's column count). */
  fieldCount: number
}

/**
 * Streams the rows of one GTFS CSV file (RFC 4180, see csv-records): a UTF-8 byte-order mark is dropped, fields
 * may be quoted and hold commas, quotes and line breaks, lines end in LF or CRLF, column names are trimmed, blank
 * lines are skipped, and rows with fewer or more fields than the header are read as far as they go (the
 * validator reports them). Extra columns are kept.
 */
export async function* readGtfsRows(stream: Readable): AsyncGenerator<GtfsRow> {
  let header: string[] | null = null
  for await (const batch of readCsvRecords(stream)) {
    for (const { fields: record, line } of batch) {
      if (header === null) {
        header = record.map((name) => name.trim())
        continue
      }
      if (record.length === 1 && record[0] === '') continue // a blank line
      const fields: Record<string, string> = {}
      for (let i = 0; i < record.length; i++) fields[header[i] ?? `column_${i + 1}`] = record[i] ?? ''
      yield { line, fields, fieldCount: record.length }
    }
  }
}
