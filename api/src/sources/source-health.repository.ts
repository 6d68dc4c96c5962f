import type pg from 'pg'
import type { SourceHealthRow } from './source-status.js'

/** Every polled feed's row (migration 0017), as ingest last upserted it. */
const SOURCE_HEALTH = `
SELECT source_id, kind, url, interval_s, instance, last_success_at, last_error_at, last_error,
       polls::float8 AS polls, errors::float8 AS errors, consecutive_errors,
       fixes::float8 AS fixes, unchanged::float8 AS unchanged, rejected::float8 AS rejected, updated_at
FROM source_health ORDER BY source_id`

interface Row {
  source_id: string
  kind: string
  url: string
  interval_s: number | null
  instance: string
  last_success_at: Date | null
  last_error_at: Date | null
  last_error: string | null
  polls: number
  errors: number
  consecutive_errors: number
  fixes: number
  unchanged: number
  rejected: number
  updated_at: Date
}

export async function readSourceHealth(db: pg.Pool): Promise<SourceHealthRow[]> {
  const { rows } = await db.query<Row>(SOURCE_HEALTH)
  return rows.map((r) => ({
    sourceId: r.source_id, kind: r.kind, url: r.url, intervalS: r.interval_s, instance: r.instance,
    lastSuccessAtMs: r.last_success_at?.getTime() ?? null, lastErrorAtMs: r.last_error_at?.getTime() ?? null, lastError: r.last_error,
    polls: r.polls, errors: r.errors, consecutiveErrors: r.consecutive_errors, fixes: r.fixes, unchanged: r.unchanged, rejected: r.rejected,
    updatedAtMs: r.updated_at.getTime(),
  }))
}
