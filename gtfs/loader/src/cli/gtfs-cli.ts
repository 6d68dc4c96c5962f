/**
 * npm run gtfs:import -- <zip|folder|url>   import a feed as a new version and make it active
 * npm run gtfs:list                         list feed versions
 * npm run gtfs:activate -- <feed id>        make an earlier (or another) version active
 * With DATABASE_URL unset, it opens the embedded database in MASAR_DATA_DIR (stop `npm start` first: the embedded
 * database serves one process).
 * It brings the schema up to date but never touches the storage policies (retention, compression): they come from
 * configuration, and only `npm run migrate` and `npm start` apply them.
 */
import { migrate } from '@masar/platform/db/migrate'
import type pg from 'pg'
import { activateFeed, listFeeds } from '../import/feeds.repository.js'
import { importFeed, type ImportProgress } from '../import/import-feed.js'
import { validateFeedInWorker } from '../validate/validate-feed-in-worker.js'
import type { ValidationReport } from '../validate/validation-report.js'
import { loadGtfsLimits, type GtfsLimits } from '../read/gtfs-limits.js'
import { localFeedPath } from './download-feed.js'
import { formatDerivedData, formatImportSummary, formatProgressLine } from './format-import-summary.js'
import { openCliDatabase } from './open-database.js'

const USAGE = 'usage: gtfs-cli import <zip|folder|url> | list | activate <feed id>'

async function runImport(pool: pg.Pool, location: string, writeMethod: 'copy' | 'insert', limits: GtfsLimits): Promise<number> {
  const feed = await localFeedPath(location, limits)
  try {
    return await importFrom(pool, { location, path: feed.path, writeMethod, limits })
  } finally {
    await feed.remove()
  }
}

async function importFrom(pool: pg.Pool, { location, path, writeMethod, limits }: { location: string; path: string; writeMethod: 'copy' | 'insert'; limits: GtfsLimits }): Promise<number> {
  const files: ImportProgress[] = []
  const tty = process.stderr.isTTY
  const started = performance.now()
  const result = await importFeed({
    pool, path, writeMethod, sourceLabel: location, validate: validateFeedInWorker, limits,
    onProgress: (progress) => {
      if (progress.done) files.push(progress)
      if (tty) process.stderr.write(`\r${formatProgressLine(progress)}${progress.done ? '\n' : ''}`)
      else if (progress.done) process.stderr.write(`${formatProgressLine(progress)}\n`)
    },
  })
  const report = result.check as ValidationReport | null
  if (!result.ok) {
    const errors = report?.errors ?? []
    console.error(`Feed ${result.feedId} was refused (${report?.errorCount ?? errors.length} errors): the active feed is unchanged.`)
    for (const issue of errors.slice(0, 20)) console.error(`  ${issue.code}  ${issue.message}`)
    if (errors.length > 20) console.error(`  … and ${(report?.errorCount ?? errors.length) - 20} more (gtfs:list keeps the whole report)`)
    return 1
  }
  const warnings = Object.entries(report?.warningCountsByCode ?? {})
  if (warnings.length > 0) console.log(`Warnings: ${warnings.map(([code, n]) => `${code} ${n}`).join(', ')}`)
  const derived = formatDerivedData(result.derivedShapes, result.computedDistances)
  if (derived) console.log(derived)
  console.log(formatImportSummary(result.feedId, files, performance.now() - started))
  return 0
}

async function main(argv: string[]): Promise<number> {
  const [command, argument] = argv
  if (!command || !['import', 'list', 'activate'].includes(command)) {
    console.error(USAGE)
    return 2
  }
  if (command !== 'list' && !argument) {
    console.error(USAGE)
    return 2
  }
  const limits = loadGtfsLimits(process.env) // before the database: a bad setting is said at once
  const database = await openCliDatabase(process.env)
  const { pool, embedded } = database
  try {
    await migrate(pool, { timescale: 'auto', policies: 'unchanged' })
    if (command === 'import') return await runImport(pool, argument!, embedded ? 'insert' : 'copy', limits)
    if (command === 'activate') {
      const activated = await activateFeed(pool, Number(argument))
      console.log(activated ? `Feed ${argument} is now active.` : `No imported feed ${argument} is ready to activate (see gtfs:list).`)
      return activated ? 0 : 1
    }
    for (const feed of await listFeeds(pool)) {
      const rows = Object.values(feed.rowCounts).reduce((sum, n) => sum + n, 0)
      console.log(`${feed.active ? '*' : ' '} ${String(feed.feedId).padStart(4)}  ${feed.status.padEnd(9)} ${feed.importedAt.toISOString()}  ${rows.toLocaleString('en-US').padStart(10)} rows  ${feed.source}`)
    }
    return 0
  } finally {
    await database.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { code, message } = err as { code?: string; message: string }
    console.error(code ? `${code}: ${message}` : message)
    process.exit(1)
  },
)
