import type { SourceFeedHealth, SourceStatus } from '@masar/model/api/sources'

/** A sign for each status besides its colour and word (not by colour alone): ✓ ok, ✕ failing, ⏸ silent. */
export const STATUS_ICONS: Readonly<Record<SourceStatus, string>> = { ok: '✓', failing: '✕', silent: '⏸' }

/** Whole seconds since `iso` on the server's clock; null for never. */
export function secondsSince(iso: string | null, nowMs: number): number | null {
  return iso === null ? null : Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 1000))
}

/** 0.25 → '25%', 0.0004 → '0.04%', null → null. */
export function formatErrorRate(rate: number | null): string | null {
  if (rate === null) return null
  const percent = rate * 100
  return `${percent === 0 || percent >= 10 ? Math.round(percent) : Number(percent.toPrecision(2))}%`
}

/** The feeds that need a look: failing or silent. */
export function feedsNeedingAttention(feeds: readonly SourceFeedHealth[]): number {
  return feeds.filter((feed) => feed.status !== 'ok').length
}
