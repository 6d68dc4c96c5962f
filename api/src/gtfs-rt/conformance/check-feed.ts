import type { CheckFeedContext, RuleInput } from './check-context.js'
import type { ConformanceReport } from './conformance-report.js'
import { alertsOf, tripUpdatesOf, vehiclePositionsOf, type FeedMessageLike } from './feed-fields.js'
import { IssueLog } from './issue-log.js'
import { companionOf, ruleCheckability } from './rule-checkability.js'
import type { FeedKind } from './rule-catalog.js'
import { checkAlertRules } from './rules-alerts.js'
import { checkConsecutiveFeedRules } from './rules-consecutive-feeds.js'
import { checkCrossFeedRules } from './rules-cross-feed.js'
import { checkFrequencyRules } from './rules-frequencies.js'
import { checkHeaderRules } from './rules-header.js'
import { checkPredictedTimeRules } from './rules-predicted-times.js'
import { checkReferenceRules } from './rules-references.js'
import { checkScheduleMatchRules } from './rules-schedule-match.js'
import { checkStopTimeUpdateRules } from './rules-stop-time-updates.js'
import { checkTimestampRules } from './rules-timestamps.js'
import { checkTripDescriptorRules } from './rules-trip-descriptors.js'
import { checkVehicleGeometryRules } from './rules-vehicle-geometry.js'
import { checkVehiclePositionRules } from './rules-vehicle-positions.js'
import { indexSchedule } from './schedule-index.js'

export type { CheckFeedContext } from './check-context.js'
export type { ConformanceReport, Issue } from './conformance-report.js'

const RULE_GROUPS: ReadonlyArray<(input: RuleInput) => void> = [
  checkHeaderRules, checkTimestampRules, checkConsecutiveFeedRules, checkTripDescriptorRules, checkStopTimeUpdateRules,
  checkPredictedTimeRules, checkReferenceRules, checkScheduleMatchRules, checkFrequencyRules, checkVehiclePositionRules,
  checkVehicleGeometryRules, checkAlertRules,
]

/** The kinds of the feed: the declared one and those of its entities; every kind for an undeclared empty feed. */
function kindsOf(message: FeedMessageLike, declared: FeedKind | undefined): FeedKind[] {
  const kinds = new Set<FeedKind>(declared ? [declared] : [])
  if (tripUpdatesOf(message).length > 0) kinds.add('trip-updates')
  if (vehiclePositionsOf(message).length > 0) kinds.add('vehicle-positions')
  if (alertsOf(message).length > 0) kinds.add('alerts')
  return kinds.size > 0 ? [...kinds] : ['trip-updates', 'vehicle-positions', 'alerts']
}

/**
 * Checks one decoded GTFS-Realtime message against the MobilityData validator rules (rule-catalog.ts) that a
 * producer must meet. Pure: the static schedule, the previous message, the current time and the other feeds
 * come in through the context; rules needing something absent are listed in rulesNotCheckable.
 */
export function checkFeed(message: FeedMessageLike, context: CheckFeedContext = {}): ConformanceReport {
  const kinds = kindsOf(message, context.kind)
  const log = new IssueLog(context.samplesPerRule ?? 20)
  const input: RuleInput = { message, context, schedule: context.schedule ? indexSchedule(context.schedule, context.gtfsExtras) : undefined, log }
  for (const checkGroup of RULE_GROUPS) checkGroup(input)
  const crossFeedKind = companionOf(kinds, context)
  if (crossFeedKind) checkCrossFeedRules(input, crossFeedKind)
  const countsByRule = log.counts()
  const issues = log.samples()
  return {
    ok: Object.keys(countsByRule).every((rule) => !rule.startsWith('E')),
    errors: issues.filter((issue) => issue.severity === 'error'),
    warnings: issues.filter((issue) => issue.severity === 'warning'),
    countsByRule,
    ...ruleCheckability(kinds, context),
  }
}
