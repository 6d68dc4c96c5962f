import { readGtfsRows, type GtfsRow } from '../read/read-gtfs-rows.js'
import { checkFieldFormats, emptyValuesOf, typedColumnsOf } from './field-rules.js'
import { READ_FILES, type ReadFileName } from './gtfs-files.js'
import type { IssueCode } from './issue-codes.js'
import { readGtfsHeader } from './read-gtfs-header.js'
import type { ValidationContext } from './validation-context.js'

/**
 * The numbers of a row's typed fields by column (seconds for times, YYYYMMDD for dates): NaN when empty, malformed
 * (already reported) or absent. Valid during the callback only: the object is reused for the next row.
 */
export type RowValues = Readonly<Record<string, number>>

/** One GTFS file whose header has been checked, ready to stream its rows. */
export interface CheckedFile {
  fileName: ReadFileName
  /** The columns of its header. */
  columns: ReadonlySet<string>
  /** Reports an issue in this file. */
  report(code: IssueCode, line: number | null, message: string): void
  /**
   * Streams the rows to `onRow`, counting them into rowCounts and reporting rows with the wrong number of fields and
   * malformed typed fields (times, dates, colors, numbers, enums, time zones) first.
   */
  forEachRow(onRow: (row: GtfsRow, values: RowValues) => void): Promise<void>
}

const HEADER_LINE = 1

function checkHeader(file: CheckedFile, header: string[]): void {
  const spec = READ_FILES[file.fileName]
  const known: ReadonlySet<string> = new Set(spec.columns)
  const seen = new Set<string>()
  for (const column of header) {
    if (seen.has(column)) file.report('GTFS_DUPLICATE_COLUMN', HEADER_LINE, `column ${column} appears twice in the header: keep one`)
    seen.add(column)
    if (!known.has(column)) {
      file.report('GTFS_UNKNOWN_COLUMN', HEADER_LINE, `column "${column}" is not a GTFS ${file.fileName} column; it is ignored`)
    }
  }
  for (const column of spec.requiredColumns) {
    if (!seen.has(column)) file.report('GTFS_MISSING_COLUMN', HEADER_LINE, `column ${column} is required but not in the header: add it`)
  }
}

/** Opens a file the feed holds and checks its header; null when the feed has no such file. */
export async function readCheckedRows(ctx: ValidationContext, fileName: ReadFileName): Promise<CheckedFile | null> {
  if (!ctx.presentFiles.has(fileName)) return null
  const header = await readGtfsHeader(await ctx.source.open(fileName))
  const columns = new Set(header)
  const file: CheckedFile = {
    fileName,
    columns,
    report: (code, line, message) => ctx.log.report(code, fileName, line, message),
    forEachRow: async (onRow) => {
      const typedColumns = typedColumnsOf(fileName, columns)
      const values = emptyValuesOf(fileName)
      // readGtfsRows names fields past the header column_N, and leaves out those a short row lacks.
      const fieldCount = header.length
      let rowCount = 0
      for await (const row of readGtfsRows(await ctx.source.open(fileName))) {
        ctx.rowCounts[fileName] = ++rowCount
        const fields = row.fieldCount
        if (fields !== fieldCount) {
          const hint = fields > fieldCount ? 'quote fields that contain commas' : 'add the missing (possibly empty) fields'
          file.report('GTFS_ROW_FIELD_COUNT', row.line, `the row has ${fields} fields but the header has ${fieldCount} columns: ${hint}`)
        }
        checkFieldFormats(typedColumns, row, values, file.report)
        onRow(row, values)
      }
    },
  }
  checkHeader(file, header)
  ctx.rowCounts[fileName] = 0
  return file
}
