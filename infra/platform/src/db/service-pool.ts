import pg from 'pg'

/**
 * A service's pg pool for a real server (api, realtime, ingest). An idle connection that fails (a database restart
 * or failover, a cut network) emits 'error' on the pool; unhandled, that would end the process, so it is logged and
 * the pool opens a new one when next asked. Waiting for a connection and for an answer are bounded, so a database
 * that has gone away makes a request fail (the api's 503, ingest's retry) instead of hang. The application name
 * shows the service in pg_stat_activity.
 */
export function createServicePool(options: { url: string; max: number; applicationName: string }, log: { warn(details: object, message: string): void }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    keepAlive: true,
    application_name: options.applicationName,
  })
  pool.on('error', (err) => log.warn({ err }, 'idle database connection failed'))
  return pool
}
