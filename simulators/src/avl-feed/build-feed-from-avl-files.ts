import { AvlFeedError } from './avl-feed-error.js'
import { buildAvlFeed } from './build-avl-feed.js'
import { loadAvlInput } from './load-avl-input.js'
import { writeFeedFolder } from './write-feed-folder.js'

/** Defaults of `npm run gtfs:from-avl`. */
export const DEFAULT_MIN_TRIPS = 30
export const DEFAULT_FORECAST_DAYS = 28

/**
 * The eval's AvlFeedBuilder (api/eval real-trace-evals.ts): a feed learned from the traces' days up to untilDay,
 * written into outDir; returns outDir.
 */
export async function buildFeedFromAvlFiles(input: { avlPaths: readonly string[]; untilDay: string; outDir: string }): Promise<string> {
  const { records, identity, publishedStops } = await loadAvlInput(input.avlPaths)
  const { models, files } = buildAvlFeed(records, { identity, until: input.untilDay, minTrips: DEFAULT_MIN_TRIPS, forecastDays: DEFAULT_FORECAST_DAYS, publishedStops })
  if (models.routes.length === 0) throw new AvlFeedError('AVLFEED_NO_ROUTES', `no route of ${input.avlPaths.join(', ')} has enough trips up to ${input.untilDay} for a feed (${models.skipped.join('; ')})`)
  await writeFeedFolder(input.outDir, files)
  return input.outDir
}
