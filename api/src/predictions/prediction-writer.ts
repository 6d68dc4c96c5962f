import type { Logger } from 'pino'

/**
 * Rows written in batches (one insert per batch, every second by default): traversals and prediction outcomes.
 * While the database is away the rows wait and are written when it returns; past `maxWaiting` the oldest go,
 * counted in a warning. The same behaviour as the stop-event writer, for any row type.
 */
export interface BatchWriter<T> {
  add(rows: readonly T[]): void
  /** Writes what is waiting (after any write under way); a failed write keeps the rows for the next one. */
  flush(): Promise<void>
  /** Stops the timer and makes a last write; rows still unwritten after it are reported lost. */
  close(): Promise<void>
  readonly written: number
  readonly waiting: number
}

export interface BatchWriterOptions {
  everyMs?: number
  maxWaiting?: number
  /** What the rows are, for the logs: 'segment traversals', 'prediction outcomes'. */
  what: string
}

export function createBatchWriter<T>(
  insert: (rows: readonly T[]) => Promise<number>,
  logger: Logger,
  options: BatchWriterOptions = { what: 'rows' },
): BatchWriter<T> {
  const { everyMs = 1000, maxWaiting = 100_000, what } = options
  let waiting: T[] = []
  let written = 0
  let dropped = 0
  let flushing: Promise<void> | null = null

  const keepWithinBound = () => {
    if (waiting.length <= maxWaiting) return
    dropped += waiting.length - maxWaiting
    waiting = waiting.slice(waiting.length - maxWaiting)
  }
  const reportDropped = () => {
    if (dropped === 0) return
    logger.warn({ what, dropped, maxWaiting }, 'rows dropped: the database has been away too long')
    dropped = 0
  }
  const writeWaiting = async () => {
    const batch = waiting
    waiting = []
    try {
      written += await insert(batch)
    } catch (err) {
      waiting = [...batch, ...waiting]
      keepWithinBound()
      logger.warn({ err, what, waiting: waiting.length }, 'rows not written yet: retrying')
    }
    reportDropped()
  }
  const flush = async () => {
    while (flushing) await flushing
    if (waiting.length === 0) return
    flushing = writeWaiting().finally(() => (flushing = null))
    await flushing
  }
  const timer = setInterval(() => {
    if (!flushing) void flush()
  }, everyMs)
  timer.unref()

  return {
    add(rows) {
      for (const row of rows) waiting.push(row)
      keepWithinBound()
    },
    flush,
    async close() {
      clearInterval(timer)
      await flush()
      reportDropped()
      if (waiting.length > 0) logger.error({ what, lost: waiting.length }, 'rows not written before closing: lost')
    },
    get written() {
      return written
    },
    get waiting() {
      return waiting.length
    },
  }
}
