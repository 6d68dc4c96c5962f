import type { ConformanceIssue, FeedConformance, FeedStatus } from '@masar/model/api/feeds'
/**
 * GET /gtfs-rt/status (api/src/gtfs-rt/conformance-monitor.ts): each GTFS-Realtime feed checked against the
 * validator rules. `errors` and `warnings` are samples; `countsByRule` counts every occurrence of a broken rule.
 */
export type FeedIssue = ConformanceIssue
export type FeedReport = FeedConformance
export type FeedName = keyof FeedStatus['feeds']
export type { FeedStatus }
/** What the summary reads of a status: a feed may be missing (an older api), and only these fields are read. */
export type FeedReportSummarized = Pick<FeedReport, 'ok' | 'errors' | 'warnings' | 'countsByRule' | 'entities'>
export type FeedStatusSummarized = Pick<FeedStatus, 'checkedAt' | 'ok'> & { feeds: Partial<Record<FeedName, FeedReportSummarized>> }

export interface FeedLine {
  feed: FeedName
  path: string
  /** null: the status has no report for this feed. */
  ok: boolean | null
  errors: number
  warnings: number
  entities: number | null
}

export const REALTIME_FEEDS: ReadonlyArray<{ feed: FeedName; path: string }> = [
  { feed: 'vehiclePositions', path: '/gtfs-rt/vehicle-positions.pb' },
  { feed: 'tripUpdates', path: '/gtfs-rt/trip-updates.pb' },
  { feed: 'alerts', path: '/gtfs-rt/alerts.pb' },
]

/** One line per feed, always in the same order: counts of errors and warnings over every occurrence. */
export function summarizeFeedStatus(status: FeedStatusSummarized | null): FeedLine[] {
  return REALTIME_FEEDS.map(({ feed, path }) => {
    const report = status?.feeds[feed]
    if (!report) return { feed, path, ok: null, errors: 0, warnings: 0, entities: null }
    return { feed, path, ok: report.ok, errors: occurrences(report, report.errors), warnings: occurrences(report, report.warnings), entities: report.entities }
  })
}

/** Every occurrence of the rules the samples name (a rule has one severity), or the samples alone without counts. */
function occurrences(report: FeedReportSummarized, samples: readonly FeedIssue[]): number {
  const rules = new Set(samples.map((issue) => issue.rule))
  let total = 0
  for (const rule of rules) total += report.countsByRule[rule] ?? samples.filter((issue) => issue.rule === rule).length
  return total
}
