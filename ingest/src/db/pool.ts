import pg from 'pg'
import type { Logger } from 'pino'

/** A pg pool for a real server. Idle-client errors (server restarts, cut connections) are logged, not fatal. */
export function createPool(url: string, logger: Logger, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 2,
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    keepAlive: true,
    application_name: 'masar-ingest',
  })
  pool.on('error', (err) => logger.warn({ err }, 'idle database connection failed'))
  return pool
}
