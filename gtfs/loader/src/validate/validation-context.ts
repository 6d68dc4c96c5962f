import type { FeedSource } from '../read/feed-source.js'
import type { IssueLog } from './issue-log.js'

/** What every file's validator shares: the feed, where issues go, and the rows read per file. */
export interface ValidationContext {
  source: FeedSource
  /** The .txt files the feed holds. */
  presentFiles: ReadonlySet<string>
  log: IssueLog
  rowCounts: Record<string, number>
}

/**
 * The ids each file defines, for the files read after it to resolve references against (read order: agency,
 * stops, routes, calendar, calendar_dates, shapes, trips, stop_times, frequencies). A `has*` flag is false when
 * the defining file (or its id column) is absent: that is reported once as a missing file or column, and the
 * references to it are not checked, rather than reported once per row.
 */
export interface FeedIndex {
  hasAgencies: boolean
  agencyIds: Set<string>
  agencyCount: number

  hasStops: boolean
  stopIndexById: Map<string, number>
  stopIds: string[]
  stopLines: number[]
  /** location_type per stop (empty = 0). */
  stopLocationTypes: number[]
  /** Degrees; NaN when absent or malformed. */
  stopLatitudes: number[]
  stopLongitudes: number[]

  hasRoutes: boolean
  /** route_type per route_id (NaN when malformed). */
  routeTypeById: Map<string, number>

  hasServices: boolean
  serviceIds: Set<string>

  hasShapes: boolean
  /** The line of each shape's first point. */
  shapeLineById: Map<string, number>
  usedShapeIds: Set<string>

  hasTrips: boolean
  tripIndexById: Map<string, number>
  tripIds: string[]
  tripLines: number[]
  /** The route_type of each trip's route (NaN when unknown). */
  tripRouteTypes: number[]
}

export function createFeedIndex(): FeedIndex {
  return {
    hasAgencies: false, agencyIds: new Set(), agencyCount: 0,
    hasStops: false, stopIndexById: new Map(), stopIds: [], stopLines: [], stopLocationTypes: [], stopLatitudes: [], stopLongitudes: [],
    hasRoutes: false, routeTypeById: new Map(),
    hasServices: false, serviceIds: new Set(),
    hasShapes: false, shapeLineById: new Map(), usedShapeIds: new Set(),
    hasTrips: false, tripIndexById: new Map(), tripIds: [], tripLines: [], tripRouteTypes: [],
  }
}
