/**
 * npm run gtfs:from-avl -- --avl TRACE [--stops STOPLIST] [--until YYYY-MM-DD] --out DIR
 *                          [--agency-name NAME --agency-url URL --time-zone ZONE] [--min-trips 30] [--forecast-days 28]
 * Builds a frequency-based GTFS feed (stops, shapes, one template trip per route and direction, headways per
 * band) from a fleet's own recorded positions, checks it with the loader's validator, and prints a summary. Its
 * calendar runs from the first day learned to --forecast-days after the last (--until holds later days out).
 */
import { parseArgs } from 'node:util'
import { openFeedSource } from '@masar/gtfs/read/feed-source'
import { validateFeed } from '@masar/gtfs/validate/validate-feed'
import { AvlFeedError } from './avl-feed-error.js'
import { buildAvlFeed } from './build-avl-feed.js'
import { DEFAULT_FORECAST_DAYS, DEFAULT_MIN_TRIPS } from './build-feed-from-avl-files.js'
import { loadAvlInput } from './load-avl-input.js'
import { summarizeRouteModels } from './summarize-route-models.js'
import { writeFeedFolder } from './write-feed-folder.js'

const USAGE = 'usage: npm run gtfs:from-avl -- --avl TRACE [--stops STOPLIST] [--until YYYY-MM-DD] --out DIR [--agency-name NAME --agency-url URL --time-zone ZONE] [--min-trips 30] [--forecast-days 28]'

function parseCommandLine(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        avl: { type: 'string' }, stops: { type: 'string' }, until: { type: 'string' }, out: { type: 'string' },
        'agency-name': { type: 'string' }, 'agency-url': { type: 'string' }, 'time-zone': { type: 'string' }, 'min-trips': { type: 'string', default: String(DEFAULT_MIN_TRIPS) }, 'forecast-days': { type: 'string', default: String(DEFAULT_FORECAST_DAYS) },
      },
    })
    if (!values.avl) throw new Error('--avl TRACE is required')
    if (!values.out) throw new Error('--out DIR is required')
    if (values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new Error(`--until must be a date YYYY-MM-DD, got "${values.until}"`)
    const minTrips = Number(values['min-trips'])
    if (!Number.isInteger(minTrips) || minTrips < 1) throw new Error(`--min-trips must be a whole number above 0, got "${values['min-trips']}"`)
    const forecastDays = Number(values['forecast-days'])
    if (!Number.isInteger(forecastDays) || forecastDays < 0) throw new Error(`--forecast-days must be a whole number of days ≥ 0, got "${values['forecast-days']}"`)
    return { ...values, avl: values.avl, out: values.out, minTrips, forecastDays }
  } catch (err) {
    throw new AvlFeedError('AVLFEED_INVALID_OPTION', `${(err as Error).message}\n${USAGE}`)
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseCommandLine(argv)
  const { records, identity, publishedStops } = await loadAvlInput([options.avl], { stopList: options.stops, agencyName: options['agency-name'], agencyUrl: options['agency-url'], timeZone: options['time-zone'] })
  const built = buildAvlFeed(records, { identity, until: options.until, minTrips: options.minTrips, forecastDays: options.forecastDays, publishedStops })
  const { models, files } = built
  if (models.routes.length === 0) throw new AvlFeedError('AVLFEED_NO_ROUTES', `no route of ${options.avl} has enough trips for a feed (${models.skipped.join('; ')})`)
  await writeFeedFolder(options.out, files)
  const source = await openFeedSource(options.out)
  const report = await validateFeed(source).finally(() => source.close())
  console.log(summarizeRouteModels(models, built.records))
  if (!report.ok) {
    for (const issue of report.errors.slice(0, 20)) console.error(`  ${issue.code}  ${issue.message}`)
    throw new AvlFeedError('AVLFEED_INVALID_FEED', `the feed written to ${options.out} fails the loader's checks (${report.errorCount} errors)`)
  }
  const warnings = Object.entries(report.warningCountsByCode).map(([code, n]) => `${code} ${n}`).join(', ')
  console.log(`feed written to ${options.out}: passes the loader's checks${warnings ? ` (warnings: ${warnings})` : ''}`)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = (err as { code?: string }).code ?? 'AVLFEED_FAILED'
  console.error(`${code}: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
