import { parentPort, workerData } from 'node:worker_threads'
import { openFeedSource } from '../read/feed-source.js'
import type { GtfsLimits } from '../read/gtfs-limits.js'
import { validateFeed } from './validate-feed.js'

/** The worker side of validateFeedInWorker: validates the feed at workerData.path (under its limits), posts the report back. */
const { path, limits } = workerData as { path: string; limits: GtfsLimits }
const source = await openFeedSource(path, limits)
try {
  parentPort!.postMessage({ report: await validateFeed(source) })
} catch (err) {
  parentPort!.postMessage({ error: { message: (err as Error).message, code: (err as { code?: string }).code } })
} finally {
  await source.close()
}
