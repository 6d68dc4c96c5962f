import pg from 'pg'
import type { Logger } from 'pino'

/**
 * The api's pg pool. An idle connection that fails (a database restart or failover, a cut network) emits 'error'
 * on the pool; unhandled, that would end the process, so it is logged and the pool opens a new one when next
 * asked. Waiting for a connection and for an answer are bounded, so a database that has gone away makes a request
 * fail (503, see database-unavailable.ts) instead of hang.
 */
export function createApiPool(db: { url: string; poolMax: number }, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: db.url,
    max: db.poolMax,
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    keepAlive: true,
    application_name: 'masar-api',
  })
  pool.on('error', (err) => logger.warn({ err }, 'idle database connection failed'))
  return pool
}
