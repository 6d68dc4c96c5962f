import type pg from 'pg'
import type { Logger } from 'pino'
import { insertStopEvents, type ScheduledStopEvent } from './stop-events.repository.js'

/**
 * Stop events written in batches every second; while the database is away they wait (up to a bound, then the
 * oldest go, with a warning) and are written when it returns.
 */
const FLUSH_EVERY_MS = 1000
const MAX_WAITING = 100_000

export function createStopEventWriter(pool: pg.Pool, logger: Logger): { add(events: ScheduledStopEvent[]): void; flush(): Promise<void>; close(): Promise<void>; readonly written: number } {
  let waiting: ScheduledStopEvent[] = []
  let written = 0
  let flushing: Promise<void> | null = null
  const flush = async () => {
    if (flushing) return flushing
    if (waiting.length === 0) return
    const batch = waiting
    waiting = []
    flushing = insertStopEvents(pool, batch).then(
      (n) => void (written += n),
      (err: unknown) => {
        waiting = [...batch, ...waiting]
        if (waiting.length > MAX_WAITING) {
          logger.warn({ dropped: waiting.length - MAX_WAITING }, 'stop events dropped: the database has been away too long')
          waiting = waiting.slice(waiting.length - MAX_WAITING)
        }
        logger.warn({ err }, 'stop events not written yet: retrying')
      },
    ).finally(() => (flushing = null))
    return flushing
  }
  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS)
  return {
    add: (events) => void waiting.push(...events),
    flush,
    async close() {
      clearInterval(timer)
      await flush()
    },
    get written() {
      return written
    },
  }
}
