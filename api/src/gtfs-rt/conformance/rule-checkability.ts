import type { CheckFeedContext } from './check-context.js'
import { RULE_CATALOG, RULE_IDS, type FeedKind, type RuleId, type RuleNeed } from './rule-catalog.js'

/** The feed kinds the cross-feed rules pair: this one and the companion it needs. */
export function companionOf(kinds: readonly FeedKind[], context: CheckFeedContext): 'trip-updates' | 'vehicle-positions' | undefined {
  if (kinds.length !== 1) return undefined
  if (kinds[0] === 'trip-updates' && context.companions?.vehiclePositions) return 'trip-updates'
  if (kinds[0] === 'vehicle-positions' && context.companions?.tripUpdates) return 'vehicle-positions'
  return undefined
}

function missing(need: RuleNeed, kinds: readonly FeedKind[], context: CheckFeedContext): string | undefined {
  switch (need) {
    case 'schedule':
      return context.schedule ? undefined : 'needs the static GTFS: no context.schedule given'
    case 'gtfsExtras':
      return context.gtfsExtras ? undefined : 'needs GTFS facts the Schedule does not keep (stop_sequence, location_type, agency_id): no context.gtfsExtras (readGtfsExtras) given'
    case 'previous':
      return context.previous ? undefined : "needs the feed's previous message: no context.previous given"
    case 'nowMs':
      return context.nowMs === undefined ? 'needs the current time: no context.nowMs given' : undefined
    case 'companionFeed':
      return companionOf(kinds, context) ? undefined : 'needs the other feed: a TripUpdates feed with companions.vehiclePositions, or a VehiclePositions feed with companions.tripUpdates'
  }
}

/** Which rules apply to a feed of these kinds, split into those checked with this context and those not (and why). */
export function ruleCheckability(kinds: readonly FeedKind[], context: CheckFeedContext): { rulesChecked: RuleId[]; rulesNotCheckable: Array<{ rule: RuleId; why: string }> } {
  const rulesChecked: RuleId[] = []
  const rulesNotCheckable: Array<{ rule: RuleId; why: string }> = []
  for (const rule of RULE_IDS) {
    const info = RULE_CATALOG[rule]
    if (!info.appliesTo.some((kind) => kinds.includes(kind))) continue
    const why = ('notChecked' in info ? info.notChecked : undefined)
      ?? info.needs.map((need) => missing(need, kinds, context)).find((reason) => reason !== undefined)
      ?? (rule === 'E034' && context.gtfsExtras?.agencyIds === null ? 'the GTFS agency.txt gives no agency_id to compare with' : undefined)
    if (why === undefined) rulesChecked.push(rule)
    else rulesNotCheckable.push({ rule, why })
  }
  return { rulesChecked, rulesNotCheckable }
}
