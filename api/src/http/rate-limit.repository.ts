import type pg from 'pg'

/** The request counts every api replica shares (migration 0012, api_rate_limit_counts). */

const ADD_HITS = `
WITH added AS (
  INSERT INTO api_rate_limit_counts AS c (window_start, client_key, hits)
  SELECT $1::timestamptz, u.client_key, u.hits FROM unnest($2::text[], $3::int[]) AS u(client_key, hits)
  ON CONFLICT (window_start, client_key) DO UPDATE SET hits = c.hits + EXCLUDED.hits
  RETURNING client_key, hits
)
SELECT client_key, hits FROM added
UNION ALL
SELECT client_key, hits FROM api_rate_limit_counts
WHERE window_start = $1 AND client_key = ANY($4::text[]) AND NOT client_key = ANY($2::text[])`

/**
 * Adds this replica's requests of a window (key → count) and answers every replica's total for those keys and for
 * the `watched` ones (keys this replica serves but had no new request for), in one statement.
 */
export async function addRateLimitHits(db: pg.Pool, windowStart: Date, hits: ReadonlyMap<string, number>, watched: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ client_key: string; hits: number }>(ADD_HITS, [windowStart, [...hits.keys()], [...hits.values()], watched])
  return new Map(rows.map((row) => [row.client_key, row.hits]))
}

/** Forgets the windows that ended before this instant. */
export async function deleteRateLimitWindowsBefore(db: pg.Pool, before: Date): Promise<void> {
  await db.query('DELETE FROM api_rate_limit_counts WHERE window_start < $1', [before])
}
