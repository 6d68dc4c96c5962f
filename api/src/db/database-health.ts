import type pg from 'pg'
import type { Logger } from 'pino'

/**
 * Whether the database answers, from a `SELECT 1` every few seconds (never per request). Its own timeout is short,
 * so a database gone silent (packets dropped) is noticed as soon as one that refuses. Changes are logged once.
 */
export interface DatabaseHealth {
  readonly available: boolean
  /** For /readyz: why the database is counted unavailable, or nothing. */
  notReadyReasons(): string[]
  /** Probes now (also done on a timer). */
  check(): Promise<boolean>
  stop(): void
}

export function watchDatabase(options: { pool: pg.Pool; logger: Logger; everyMs?: number; timeoutMs?: number }): DatabaseHealth {
  const { pool, logger } = options
  const timeoutMs = options.timeoutMs ?? 3_000
  let failure: string | null = null
  let checking: Promise<boolean> | null = null
  // pg reads query_timeout per query (client.js), though @types/pg lists it only on the pool's options.
  const probe = { text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig
  const check = (): Promise<boolean> => (checking ??= pool.query(probe).then(
    () => {
      if (failure !== null) logger.info('the database answers again')
      failure = null
      return true
    },
    (err: unknown) => {
      if (failure === null) logger.warn({ err }, 'the database does not answer: routes that need it answer 503 until it does')
      failure = err instanceof Error ? err.message : String(err)
      return false
    },
  ).finally(() => (checking = null)))
  const timer = setInterval(() => void check(), options.everyMs ?? 5_000)
  timer.unref()
  return {
    get available() {
      return failure === null
    },
    notReadyReasons: () => (failure === null ? [] : [`the database is unreachable (${failure}): what needs it answers 503`]),
    check,
    stop: () => clearInterval(timer),
  }
}
