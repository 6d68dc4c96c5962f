import type { FeedSource } from '../read/feed-source.js'
import { checkFileSet } from './check-file-set.js'
import { REQUIRED_FILES } from './gtfs-files.js'
import { createIssueLog } from './issue-log.js'
import { createFeedIndex, type FeedIndex, type ValidationContext } from './validation-context.js'
import type { ValidationReport } from './validation-report.js'
import { validateAgency } from './validate-agency.js'
import { validateCalendars } from './validate-calendars.js'
import { validateFeedInfo } from './validate-feed-info.js'
import { validateFrequencies } from './validate-frequencies.js'
import { validateRoutes } from './validate-routes.js'
import { validateShapes } from './validate-shapes.js'
import { validateStopTimes } from './validate-stop-times.js'
import { validateStops } from './validate-stops.js'
import { validateTranslations } from './validate-translations.js'
import { validateTrips } from './validate-trips.js'

export interface ValidateFeedOptions {
  /** Errors kept in the report (all are counted). Default 1,000. */
  maxStoredErrors?: number
  /** Warnings kept per code as samples (all are counted). Default 5. */
  warningSamplesPerCode?: number
}

function reportEmptyRequiredFiles(ctx: ValidationContext): void {
  for (const fileName of REQUIRED_FILES) {
    if (ctx.rowCounts[fileName] === 0) ctx.log.report('GTFS_EMPTY_FILE', fileName, null, `${fileName} has no rows (feed: ${ctx.source.name}): a feed needs at least one`)
  }
}

function reportUnusedShapes(ctx: ValidationContext, index: FeedIndex): void {
  if (!index.hasTrips) return
  for (const [shapeId, line] of index.shapeLineById) {
    if (!index.usedShapeIds.has(shapeId)) ctx.log.report('GTFS_UNUSED_SHAPE', 'shapes.txt', line, `no trip uses shape "${shapeId}": remove it or give it to its trips`)
  }
}

/**
 * Validates a GTFS feed file by file, streaming each (never holding stop_times.txt in memory), in the order that
 * lets each file's references be checked against the files read before it. Bad input is reported, never thrown;
 * only an unreadable feed (I/O, a broken zip) throws. The caller keeps and closes the source.
 */
export async function validateFeed(source: FeedSource, options: ValidateFeedOptions = {}): Promise<ValidationReport> {
  const log = createIssueLog({ maxStoredErrors: options.maxStoredErrors ?? 1000, warningSamplesPerCode: options.warningSamplesPerCode ?? 5 })
  const ctx: ValidationContext = { source, presentFiles: new Set(source.fileNames()), log, rowCounts: {} }
  const index = createFeedIndex()
  const ignoredFiles = checkFileSet(ctx)
  await validateAgency(ctx, index)
  await validateStops(ctx, index)
  await validateRoutes(ctx, index)
  await validateCalendars(ctx, index)
  await validateShapes(ctx, index)
  const trips = await validateTrips(ctx, index)
  const stopTimes = await validateStopTimes(ctx, index)
  await validateFrequencies(ctx, index)
  await validateFeedInfo(ctx)
  await validateTranslations(ctx)
  reportEmptyRequiredFiles(ctx)
  reportUnusedShapes(ctx, index)
  return {
    ok: log.errorCount === 0,
    errors: log.errors,
    errorCount: log.errorCount,
    warningCountsByCode: log.warningCountsByCode,
    warningSamples: log.warningSamples,
    rowCounts: ctx.rowCounts,
    ignoredFiles,
    derived: { shapesDerived: trips.tripsWithoutShape > 0, shapeDistComputed: stopTimes.withoutShapeDist > 0 },
  }
}
