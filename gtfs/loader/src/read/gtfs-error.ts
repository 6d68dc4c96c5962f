/**
 * Why a GTFS feed cannot be read or loaded at all (not a zip or folder, no GTFS files in it, over a size cap).
 * Codes are a public contract, listed here once.
 */
export const GTFS_ERROR_CODES = {
  GTFS_NOT_FOUND: 'no zip or folder at the path given',
  GTFS_UNREADABLE: 'not a readable zip file, or a file in it is corrupt (it inflates to other bytes than its header says)',
  GTFS_EMPTY: 'the zip or folder holds no GTFS .txt files',
  GTFS_MISSING_FILE: 'a file the reader needs is not in the feed',
  GTFS_MISSING_COLUMN: 'a column the reader needs is not in a file',
  GTFS_DOWNLOAD_FAILED: 'the feed\'s URL could not be downloaded',
  GTFS_DOWNLOAD_TOO_LARGE: 'the download is larger than GTFS_MAX_ZIP_BYTES (said by Content-Length, or counted as it came)',
  GTFS_ZIP_TOO_LARGE: 'the zip file is larger than GTFS_MAX_ZIP_BYTES',
  GTFS_TOO_MANY_ENTRIES: 'the zip holds more entries than GTFS_MAX_ZIP_ENTRIES',
  GTFS_FILE_TOO_LARGE: 'a file of the feed is (or inflates to) more than GTFS_MAX_FILE_BYTES',
  GTFS_UNCOMPRESSED_TOO_LARGE: 'the feed\'s files together are (or inflate to) more than GTFS_MAX_UNCOMPRESSED_BYTES',
  GTFS_LIMITS_INVALID: 'a GTFS_MAX_* setting is not a positive whole number',
  GTFS_VALIDATION_FAILED: 'the validator stopped before reporting',
  GTFS_NO_ACTIVE_FEED: 'no feed version is active',
  GTFS_INVALID_SERVICE_DATE: 'a service date is not a YYYYMMDD date',
} as const

export type GtfsErrorCode = keyof typeof GTFS_ERROR_CODES

export class GtfsError extends Error {
  readonly code: GtfsErrorCode

  constructor(code: GtfsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'GtfsError'
    this.code = code
  }
}
