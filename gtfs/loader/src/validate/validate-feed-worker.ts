import { parentPort, workerData } from 'node:worker_threads'
import { openFeedSource } from '../read/feed-source.js'
import { validateFeed } from './validate-feed.js'

/** The worker side of validateFeedInWorker: validates the feed at workerData.path, posts the report back. */
const source = await openFeedSource((workerData as { path: string }).path)
try {
  parentPort!.postMessage({ report: await validateFeed(source) })
} catch (err) {
  parentPort!.postMessage({ error: { message: (err as Error).message, code: (err as { code?: string }).code } })
} finally {
  await source.close()
}
