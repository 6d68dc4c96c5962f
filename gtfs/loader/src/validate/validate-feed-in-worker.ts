import { Worker } from 'node:worker_threads'
import type { FeedSource } from '../read/feed-source.js'
import { GtfsError, type GtfsErrorCode } from '../read/gtfs-error.js'
import { VALIDATE_FEED_WORKER_URL } from './validate-feed-worker-url.js'
import type { ValidationReport } from './validation-report.js'

/**
 * validateFeed on a worker thread: the import streams the files into the database from the main thread while
 * the validator parses them on another core (on the main thread the two took turns, and the import waited for
 * both). Same report as validateFeed.
 */
export function validateFeedInWorker(source: FeedSource): Promise<ValidationReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(VALIDATE_FEED_WORKER_URL, { workerData: { path: source.name, limits: source.limits } })
    let settled = false
    worker.once('message', (message: { report?: ValidationReport; error?: { message: string; code?: GtfsErrorCode } }) => {
      settled = true
      if (message.report) resolve(message.report)
      else reject(new GtfsError(message.error?.code ?? 'GTFS_VALIDATION_FAILED', message.error?.message ?? 'the validator stopped'))
    })
    worker.once('error', (err) => {
      settled = true
      reject(err)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new GtfsError('GTFS_VALIDATION_FAILED', `the validator's worker exited with code ${code} before reporting`))
    })
  })
}
