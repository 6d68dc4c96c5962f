import type pg from 'pg'
import { openFeedSource, type FeedSource } from '../read/feed-source.js'
import { readGtfsRows } from '../read/read-gtfs-rows.js'
import { deriveMissingShapes } from './derive-shapes.js'
import { fillMissingShapeDistances, type ComputedDistances } from './fill-shape-distances.js'
import { activateFeed, insertFeed, markFeedReady, tableColumns } from './feeds.repository.js'
import { GTFS_TABLES, type GtfsTable } from './gtfs-tables.js'
import { openTableWriter, type GtfsWriteMethod } from './gtfs-table-writers.js'

export interface ImportProgress {
  file: string
  rows: number
  done: boolean
  elapsedMs: number
}

/** What the validator says of a feed; the import stops when it is not ok (the report is kept with the failed feed). */
export interface FeedCheck {
  ok: boolean
}

export interface ImportOptions {
  pool: pg.Pool
  path: string
  /** What to record as the feed's source (the URL it was downloaded from); default: path. */
  sourceLabel?: string
  writeMethod: GtfsWriteMethod
  /** Make the new feed the active one once it is committed (default true). */
  activate?: boolean
  validate?: (source: FeedSource) => Promise<FeedCheck>
  onProgress?: (progress: ImportProgress) => void
}

export type ImportResult =
  | { ok: true; feedId: number; rowCounts: Record<string, number>; derivedShapes: number; computedDistances: ComputedDistances; elapsedMs: number; check: FeedCheck | null }
  | { ok: false; feedId: number; check: FeedCheck }

const PROGRESS_EVERY_ROWS = 20_000

/** A GTFS field as the table takes it: empty is NULL, except agency_id, which is '' for a feed's only agency. */
function valueOf(table: GtfsTable['table'], column: string, fields: Record<string, string>): string | null {
  const value = fields[column]?.trim()
  if (value) return value
  return table === 'gtfs_agency' && column === 'agency_id' ? '' : null
}

async function writeFile(client: pg.PoolClient, source: FeedSource, entry: GtfsTable, feedId: number, options: ImportOptions): Promise<number> {
  const columns = await tableColumns(client, entry.table)
  const writer = await openTableWriter(client, options.writeMethod, entry.table, ['feed_id', ...columns])
  const started = performance.now()
  const feed = String(feedId)
  let rows = 0
  const values: Array<string | null> = [feed, ...columns.map(() => null)]
  for await (const { fields } of readGtfsRows(await source.open(entry.file))) {
    for (let i = 0; i < columns.length; i++) values[i + 1] = valueOf(entry.table, columns[i]!, fields)
    const flushing = writer.write(values)
    if (flushing) await flushing
    rows += 1
    if (rows % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ file: entry.file, rows, done: false, elapsedMs: performance.now() - started })
  }
  await writer.end()
  options.onProgress?.({ file: entry.file, rows, done: true, elapsedMs: performance.now() - started })
  return rows
}

/**
 * Imports a GTFS feed as a new feed version: validated first (a feed with errors is recorded as failed, with its
 * report, and nothing else is written), then every file in one transaction, then activated in the same
 * transaction. The active feed is untouched until that commit, and kept afterwards for rollback.
 */
export async function importFeed(options: ImportOptions): Promise<ImportResult> {
  const source = await openFeedSource(options.path)
  try {
    const check = options.validate ? await options.validate(source) : null
    if (check && !check.ok) return { ok: false, feedId: await insertFeed(options.pool, options.sourceLabel ?? options.path, 'failed', check), check }
    const started = performance.now()
    const client = await options.pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      const feedId = await insertFeed(client, options.sourceLabel ?? options.path, 'importing', check ?? {})
      const rowCounts: Record<string, number> = {}
      const present = new Set(source.fileNames())
      for (const entry of GTFS_TABLES) {
        if (present.has(entry.file)) rowCounts[entry.file] = await writeFile(client, source, entry, feedId, options)
      }
      const derivedShapes = await deriveMissingShapes(client, feedId)
      const computedDistances = await fillMissingShapeDistances(client, feedId)
      await markFeedReady(client, feedId, rowCounts)
      if (options.activate ?? true) await activateFeed(client, feedId)
      await client.query('COMMIT')
      return { ok: true, feedId, rowCounts, derivedShapes, computedDistances, elapsedMs: performance.now() - started, check }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true))
      throw err
    } finally {
      client.release(broken)
    }
  } finally {
    await source.close()
  }
}
