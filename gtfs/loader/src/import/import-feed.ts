import type pg from 'pg'
import type { Readable } from 'node:stream'
import { openFeedSource, type FeedSource } from '../read/feed-source.js'
import type { GtfsLimits } from '../read/gtfs-limits.js'
import { readGtfsRows } from '../read/read-gtfs-rows.js'
import { readGtfsHeader } from '../validate/read-gtfs-header.js'
import { deriveMissingShapes } from './derive-shapes.js'
import { fillMissingShapeDistances, type ComputedDistances } from './fill-shape-distances.js'
import { activateFeed, insertFeed, markFeedReady, tableColumns } from './feeds.repository.js'
import { GTFS_TABLES, type GtfsTable } from './gtfs-tables.js'
import { copyCsvFile, openTableWriter, type GtfsWriteMethod } from './gtfs-table-writers.js'
import { measureStream } from './measure-stream.js'

export interface ImportProgress {
  file: string
  /** Rows written so far (estimated from line breaks while a file streams into COPY). */
  rows: number
  /** Bytes of the file read so far, and its size (uncompressed). */
  bytes: number
  totalBytes: number
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
  /** The size caps a zip is read under (default DEFAULT_GTFS_LIMITS; the CLI's from GTFS_MAX_*). */
  limits?: GtfsLimits
  onProgress?: (progress: ImportProgress) => void
}

export type ImportResult =
  | { ok: true; feedId: number; rowCounts: Record<string, number>; derivedShapes: number; computedDistances: ComputedDistances; elapsedMs: number; check: FeedCheck | null }
  | { ok: false; feedId: number; check: FeedCheck }

const PROGRESS_EVERY_ROWS = 20_000
const PARTITIONED = new Set<string>(['gtfs_stop_times', 'gtfs_shapes'])

/** A GTFS field as the table takes it: empty is NULL, except agency_id, which is '' for a feed's only agency. */
function valueOf(table: GtfsTable['table'], column: string, fields: Record<string, string>): string | null {
  const value = fields[column]?.trim()
  if (value) return value
  return table === 'gtfs_agency' && column === 'agency_id' ? '' : null
}

/** from.pipe(to), and an error of `from` (a file refused as it inflates: a size cap, a corrupt entry) ends `to` with it. */
function piped<T extends NodeJS.WritableStream & { destroy(err?: Error): unknown }>(from: Readable, to: T): T {
  from.on('error', (err) => to.destroy(err))
  return from.pipe(to)
}

/** Reports a file's progress as it streams (the caller reports it done). */
function progressOf(file: string, totalBytes: number, options: ImportOptions): (rows: number, bytes: number) => void {
  const started = performance.now()
  return (rows, bytes) => options.onProgress?.({ file, rows, bytes, totalBytes, done: false, elapsedMs: performance.now() - started })
}

/** Row by row: each field trimmed, empty made NULL, unknown columns left out. Works on every database. */
async function writeParsedFile(client: pg.PoolClient, source: FeedSource, entry: GtfsTable, target: string, feedId: number, columns: string[], options: ImportOptions): Promise<number> {
  const writer = await openTableWriter(client, options.writeMethod, target, ['feed_id', ...columns])
  const report = progressOf(entry.file, await source.sizeOf(entry.file), options)
  const measured = measureStream(Number.POSITIVE_INFINITY, () => {})
  const feed = String(feedId)
  let rows = 0
  const values: Array<string | null> = [feed, ...columns.map(() => null)]
  for await (const { fields } of readGtfsRows(piped(await source.open(entry.file), measured))) {
    for (let i = 0; i < columns.length; i++) values[i + 1] = valueOf(entry.table, columns[i]!, fields)
    const flushing = writer.write(values)
    if (flushing) await flushing
    rows += 1
    if (rows % PROGRESS_EVERY_ROWS === 0) report(rows, measured.measure.bytes)
  }
  return writer.end()
}

/**
 * The file's bytes straight into COPY (FORMAT csv), when every column it has is one the table has: the database
 * does the parsing, on its own core, while the validator reads the same file here. Null when the file cannot go
 * this way (a column Masar does not store, a repeated column): it is then written row by row.
 */
async function copyFileAsItIs(client: pg.PoolClient, source: FeedSource, entry: GtfsTable, target: string, columns: string[], options: ImportOptions): Promise<number | null> {
  if (entry.table === 'gtfs_agency') return null // agency_id '' for a feed's only agency needs the row-by-row path
  const header = await readGtfsHeader(await source.open(entry.file))
  const known = new Set(columns)
  if (header.length === 0 || new Set(header).size !== header.length || !header.every((name) => known.has(name))) return null
  const report = progressOf(entry.file, await source.sizeOf(entry.file), options)
  const file = piped(await source.open(entry.file), measureStream(PROGRESS_EVERY_ROWS, ({ lines, bytes }) => report(lines - 1, bytes)))
  await client.query('SAVEPOINT copy_file')
  try {
    const rows = await copyCsvFile(client, target, header, file)
    await client.query('RELEASE SAVEPOINT copy_file')
    return rows
  } catch {
    // What COPY's CSV cannot take (a blank line, a field padded with spaces in a number column, a line ending
    // that changes mid-file) the row-by-row path can: undo this file and write it that way.
    await client.query('ROLLBACK TO SAVEPOINT copy_file')
    return null
  }
}

async function writeFile(client: pg.PoolClient, source: FeedSource, entry: GtfsTable, feedId: number, options: ImportOptions): Promise<number> {
  const started = performance.now()
  const columns = await tableColumns(client, entry.table)
  // stop_times and shapes go into the feed's own partition, still bare (see migration 0008)
  const target = PARTITIONED.has(entry.table) ? `${entry.table}_feed_${feedId}` : entry.table
  const copied = options.writeMethod === 'copy' ? await copyFileAsItIs(client, source, entry, target, columns, options) : null
  const rows = copied ?? (await writeParsedFile(client, source, entry, target, feedId, columns, options))
  const size = await source.sizeOf(entry.file)
  options.onProgress?.({ file: entry.file, rows, bytes: size, totalBytes: size, done: true, elapsedMs: performance.now() - started })
  return rows
}

interface WrittenFeed {
  rowCounts: Record<string, number>
  derivedShapes: number
  computedDistances: ComputedDistances
}

/**
 * The feed's files into its tables, then the shapes and distances it lacks; in the caller's transaction, while
 * the validator may still be reading (the caller rolls back if it finds errors).
 */
async function writeFeed(client: pg.PoolClient, source: FeedSource, feedId: number, options: ImportOptions): Promise<WrittenFeed> {
  await client.query(`SELECT set_config('masar.import_feed_id', $1, true)`, [String(feedId)])
  await client.query('SELECT masar_create_feed_partitions($1)', [feedId])
  const rowCounts: Record<string, number> = {}
  const present = new Set(source.fileNames())
  for (const entry of GTFS_TABLES) {
    if (present.has(entry.file)) rowCounts[entry.file] = await writeFile(client, source, entry, feedId, options)
  }
  await client.query('SELECT masar_attach_feed_partitions($1)', [feedId])
  const derivedShapes = await deriveMissingShapes(client, feedId)
  const computedDistances = await fillMissingShapeDistances(client, feedId)
  return { rowCounts, derivedShapes, computedDistances }
}

/**
 * Imports a GTFS feed as a new feed version, in one transaction: the files are written, and the shapes and
 * distances the feed lacks derived, while the validator reads it (the database works on its core while the
 * validator works on another); a feed with errors is rolled back and recorded as failed, with its report, and
 * nothing else is kept. A valid one is marked ready and activated in the same transaction. The active feed is untouched
 * until that commit, and kept afterwards for rollback.
 */
export async function importFeed(options: ImportOptions): Promise<ImportResult> {
  const source = await openFeedSource(options.path, options.limits)
  const label = options.sourceLabel ?? options.path
  try {
    const started = performance.now()
    const checking = options.validate ? options.validate(source) : Promise.resolve(null)
    checking.catch(() => {}) // awaited below; this only keeps an early rejection from going unhandled meanwhile
    const client = await options.pool.connect()
    let broken = false
    let outcome: ImportResult | { ok: false; check: FeedCheck }
    try {
      await client.query('BEGIN')
      const feedId = await insertFeed(client, label, 'importing')
      let written: WrittenFeed
      try {
        written = await writeFeed(client, source, feedId, options)
      } catch (err) {
        const check = await checking
        if (check && !check.ok) throw new RefusedFeed(check) // the validator's report says why better than the database
        throw err
      }
      const check = await checking
      if (check && !check.ok) throw new RefusedFeed(check)
      const { rowCounts, derivedShapes, computedDistances } = written
      await markFeedReady(client, feedId, rowCounts, check ?? {})
      if (options.activate ?? true) await activateFeed(client, feedId)
      await client.query('COMMIT')
      outcome = { ok: true, feedId, rowCounts, derivedShapes, computedDistances, elapsedMs: performance.now() - started, check }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true))
      if (!(err instanceof RefusedFeed)) throw err
      outcome = { ok: false, check: err.check }
    } finally {
      client.release(broken)
    }
    if (outcome.ok) return outcome
    return { ok: false, feedId: await insertFeed(options.pool, label, 'failed', outcome.check), check: outcome.check }
  } finally {
    await source.close()
  }
}

class RefusedFeed extends Error {
  constructor(readonly check: FeedCheck) {
    super('the feed did not validate')
  }
}
