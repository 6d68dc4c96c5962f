import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FeedMessageLike } from './feed-fields.js'
import type { GtfsExtras } from './gtfs-extras.js'
import type { IssueLog } from './issue-log.js'
import type { FeedKind } from './rule-catalog.js'
import type { ScheduleIndex } from './schedule-index.js'

/** What checkFeed may be given besides the message; each rule needing something absent is reported not checkable. */
export interface CheckFeedContext {
  /** The static schedule the feed refers to (trip, route and stop ids, stop times, shapes). */
  schedule?: Schedule
  /** GTFS facts the Schedule does not keep (stop_sequence, location_type, agency_id): readGtfsExtras(feedPath). */
  gtfsExtras?: GtfsExtras
  /** The previous message of the same feed (E017, E018, W007). */
  previous?: FeedMessageLike
  /** The current time (E050, W008). Never read from the clock here. */
  nowMs?: number
  /** The feed's kind; when absent it is the kind of its entities (all kinds for an empty or mixed feed). */
  kind?: FeedKind
  /** The agency's other feeds of the same moment: cross-feed rules (E047, W003) and DETOUR alerts (E029). */
  companions?: { tripUpdates?: FeedMessageLike; vehiclePositions?: FeedMessageLike; alerts?: FeedMessageLike }
  /** How many issues of each rule to keep as samples (all are counted). Default 20. */
  samplesPerRule?: number
}

/** What each rule module receives. */
export interface RuleInput {
  message: FeedMessageLike
  context: CheckFeedContext
  /** Present when context.schedule is. */
  schedule: ScheduleIndex | undefined
  log: IssueLog
}
