import type pg from 'pg'
import type { FeedHealth } from './feed-poller.js'

const UPSERT = `
INSERT INTO source_health (source_id, kind, url, interval_s, instance, last_success_at, last_error_at, last_error, polls, errors,
                           consecutive_errors, fixes, unchanged, rejected, updated_at)
VALUES ($1, $2, $3, $15, $4, to_timestamp($5 / 1000.0), to_timestamp($6 / 1000.0), $7, $8, $9, $10, $11, $12, $13, to_timestamp($14 / 1000.0))
ON CONFLICT (source_id) DO UPDATE SET
  kind = EXCLUDED.kind, url = EXCLUDED.url, interval_s = EXCLUDED.interval_s, instance = EXCLUDED.instance, last_success_at = EXCLUDED.last_success_at,
  last_error_at = EXCLUDED.last_error_at, last_error = EXCLUDED.last_error, polls = EXCLUDED.polls, errors = EXCLUDED.errors,
  consecutive_errors = EXCLUDED.consecutive_errors, fixes = EXCLUDED.fixes, unchanged = EXCLUDED.unchanged,
  rejected = EXCLUDED.rejected, updated_at = EXCLUDED.updated_at`

/** Query parameters that carry a vendor's key: their values never leave ingest. */
const SECRET_PARAMETER = /key|token|secret|password|auth/i

/** A feed's URL as the dispatcher may see it: no user or password, no key in the query. */
export function displayFeedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, '***')
    return parsed.href
  } catch {
    return '(not a URL)'
  }
}

/** Writes one feed's health (the poller's counters since this instance started polling it). */
export async function writeSourceHealth(pool: pg.Pool, row: { sourceId: string; instance: string; intervalMs: number; health: FeedHealth; nowMs: number }): Promise<void> {
  const { health } = row
  await pool.query(UPSERT, [row.sourceId, health.kind, displayFeedUrl(health.url), row.instance, health.lastSuccessAtMs, health.lastErrorAtMs,
    health.lastError?.slice(0, 500) ?? null, health.polls, health.errors, health.consecutiveErrors, health.fixes, health.unchanged, health.rejected, row.nowMs, Math.max(1, Math.round(row.intervalMs / 1000))])
}
