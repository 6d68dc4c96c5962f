import type { SourceFeedHealth, SourceStatus } from '@masar/model/api/sources'
import type { SourceHealthRecord } from '@masar/model/telemetry/feed-health'

/** A feed's row of source_health as the repository reads it: the contract ingest writes it by. */
export type SourceHealthRow = SourceHealthRecord

/**
 * failing: the last poll failed (consecutive errors, or the last error after the last success); silent: nothing failed
 * but nothing succeeded for longer than `silentAfterMs` or three of its poll intervals, whichever is longer (never, or
 * the poller stopped); ok otherwise.
 */
export function sourceStatusOf(row: SourceHealthRow, nowMs: number, silentAfterMs: number): SourceStatus {
  if (row.consecutiveErrors >= 1) return 'failing'
  if (row.lastErrorAtMs !== null && (row.lastSuccessAtMs === null || row.lastErrorAtMs > row.lastSuccessAtMs)) return 'failing'
  const silentAfter = Math.max(silentAfterMs, 3 * (row.intervalS ?? 0) * 1000)
  if (row.lastSuccessAtMs === null || nowMs - row.lastSuccessAtMs > silentAfter) return 'silent'
  return 'ok'
}

/** errors / polls, to three decimals; null before the first poll. */
export function errorRateOf(row: Pick<SourceHealthRow, 'polls' | 'errors'>): number | null {
  return row.polls > 0 ? Math.round(Math.min(1, row.errors / row.polls) * 1000) / 1000 : null
}

const ORDER: Record<SourceStatus, number> = { failing: 0, silent: 1, ok: 2 }

/** The rows as the dispatcher sees them: status and error rate derived, failing first, then silent, then ok. */
export function toSourceFeeds(rows: readonly SourceHealthRow[], nowMs: number, silentAfterMs: number): SourceFeedHealth[] {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return rows
    .map((row): SourceFeedHealth => ({
      sourceId: row.sourceId, kind: row.kind, url: row.url, instance: row.instance, status: sourceStatusOf(row, nowMs, silentAfterMs),
      lastSuccessAt: iso(row.lastSuccessAtMs), lastErrorAt: iso(row.lastErrorAtMs), lastError: row.lastError,
      polls: row.polls, errors: row.errors, consecutiveErrors: row.consecutiveErrors, errorRate: errorRateOf(row),
      fixes: row.fixes, unchanged: row.unchanged, rejected: row.rejected, updatedAt: new Date(row.updatedAtMs).toISOString(),
    }))
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.sourceId.localeCompare(b.sourceId))
}
