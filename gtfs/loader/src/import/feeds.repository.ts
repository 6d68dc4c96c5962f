import type pg from 'pg'

/** Feed versions: the rows of `feeds` and which one is active. */
export interface FeedVersion {
  feedId: number
  source: string
  importedAt: Date
  status: 'importing' | 'ready' | 'failed'
  rowCounts: Record<string, number>
  active: boolean
}

const LIST_FEEDS = `
SELECT f.feed_id, f.source, f.imported_at, f.status, f.row_counts, (a.feed_id IS NOT NULL) AS active
FROM feeds f LEFT JOIN active_feed a ON a.feed_id = f.feed_id
ORDER BY f.feed_id`

const TABLE_COLUMNS = `
SELECT column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'feed_id'
ORDER BY ordinal_position`

interface FeedRow { feed_id: number; source: string; imported_at: Date; status: FeedVersion['status']; row_counts: Record<string, number>; active: boolean }

function toFeedVersion(row: FeedRow): FeedVersion {
  return { feedId: row.feed_id, source: row.source, importedAt: row.imported_at, status: row.status, rowCounts: row.row_counts, active: row.active }
}

export async function listFeeds(db: pg.Pool | pg.PoolClient): Promise<FeedVersion[]> {
  const { rows } = await db.query<FeedRow>(LIST_FEEDS)
  return rows.map(toFeedVersion)
}

export async function activeFeedId(db: pg.Pool | pg.ClientBase): Promise<number | null> {
  const { rows } = await db.query<{ feed_id: number }>('SELECT feed_id FROM active_feed')
  return rows[0]?.feed_id ?? null
}

/** Makes a ready feed the active one; false when there is no such ready feed. Announced on commit (NOTIFY, migration 0013). */
export async function activateFeed(db: pg.Pool | pg.ClientBase, feedId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO active_feed (feed_id) SELECT feed_id FROM feeds WHERE feed_id = $1 AND status = 'ready'
     ON CONFLICT (singleton) DO UPDATE SET feed_id = excluded.feed_id, activated_at = now()`,
    [feedId],
  )
  return rowCount === 1
}

export async function insertFeed(db: pg.PoolClient | pg.Pool, source: string, status: FeedVersion['status'], report: unknown = {}): Promise<number> {
  const { rows } = await db.query<{ feed_id: number }>('INSERT INTO feeds (source, status, report) VALUES ($1, $2, $3) RETURNING feed_id', [source, status, JSON.stringify(report)])
  return rows[0]!.feed_id
}

export async function markFeedReady(db: pg.PoolClient, feedId: number, rowCounts: Record<string, number>, report: unknown = {}): Promise<void> {
  await db.query(`UPDATE feeds SET status = 'ready', row_counts = $2, report = $3 WHERE feed_id = $1`, [feedId, JSON.stringify(rowCounts), JSON.stringify(report)])
}

export async function tableColumns(db: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await db.query<{ column_name: string }>(TABLE_COLUMNS, [table])
  return rows.map((row) => row.column_name)
}
