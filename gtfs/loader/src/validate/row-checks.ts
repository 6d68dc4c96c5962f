import type { GtfsRow } from '../read/read-gtfs-rows.js'
import type { CheckedFile } from './read-checked-rows.js'

/**
 * The value of a required field, or null after reporting GTFS_MISSING_VALUE when it is empty. A column absent from
 * the header was already reported as GTFS_MISSING_COLUMN, so its rows are not reported again.
 */
export function requiredValue(file: CheckedFile, row: GtfsRow, column: string, why = 'is required'): string | null {
  const value = row.fields[column] ?? ''
  if (value !== '') return value
  if (file.columns.has(column)) file.report('GTFS_MISSING_VALUE', row.line, `${column} is empty but ${why}: fill it in`)
  return null
}

/** The ids (primary keys) a file has defined so far, with the line of each. */
export interface IdRegistry {
  /**
   * Records the line that defines an id; false, after reporting GTFS_DUPLICATE_ID, when an earlier line defined it.
   * `label` names the id in the message, e.g. `stop_id "S1"`.
   */
  add(id: string, line: number, label: string): boolean
}

export function createIdRegistry(file: CheckedFile): IdRegistry {
  const lineById = new Map<string, number>()
  return {
    add(id, line, label) {
      const first = lineById.get(id)
      if (first === undefined) {
        lineById.set(id, line)
        return true
      }
      file.report('GTFS_DUPLICATE_ID', line, `${label} is already defined on line ${first}: ids must be unique, remove or rename one`)
      return false
    },
  }
}
