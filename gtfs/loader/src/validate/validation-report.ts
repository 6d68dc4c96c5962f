import type { IssueSeverity } from './issue-codes.js'

/** One problem found in a feed. `code` is one of ISSUE_CODES (issue-codes.ts). */
export interface FeedIssue {
  code: string
  severity: IssueSeverity
  /** The GTFS file the issue is in, e.g. "stop_times.txt". */
  file: string
  /** The line of that file (header = 1), or null when the issue is about the whole file. */
  line: number | null
  /** What is wrong, in which input, and what to do; starts with the file and line. */
  message: string
}

/** What validateFeed found. The importer decides from it; validation itself changes nothing. */
export interface ValidationReport {
  /** No errors (warnings allowed). */
  ok: boolean
  /** The first errors found (up to maxStoredErrors); errorCount counts them all. */
  errors: FeedIssue[]
  errorCount: number
  warningCountsByCode: Record<string, number>
  /** The first few warnings of each code. */
  warningSamples: FeedIssue[]
  /** Rows read per GTFS file Masar reads (header not counted). */
  rowCounts: Record<string, number>
  /** Files present that GTFS does not define or Masar does not read. */
  ignoredFiles: string[]
  /** What the importer will have to derive (reported here, done there). */
  derived: {
    /** Some or all trips have no usable shape: their shapes will be built from stop coordinates. */
    shapesDerived: boolean
    /** Some or all stop times have no shape_dist_traveled: it will be computed. */
    shapeDistComputed: boolean
  }
}
