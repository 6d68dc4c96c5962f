import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { ensureServiceLogins, type DatabaseService } from '../db/service-logins.js'
import type { TestDatabase } from './test-database.js'

/**
 * A test's own login for a service (a member of its group role, migration 0015), as an operator creates one: on a
 * server, a real login with a password, its name unique to the test (roles are cluster-wide; test files share the
 * server); dropped by close(). The embedded database serves one session whatever the user: there `query` runs each
 * statement in a transaction of its own under SET LOCAL ROLE, and `url` is the superuser's (services run as it).
 */
export interface ServiceLoginSession {
  service: DatabaseService
  user: string
  /** Connect a service with this (servers: the login's own URL). */
  url: string
  /** One statement as the login. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>
  close(): Promise<void>
}

export async function createServiceLogin(database: TestDatabase, service: DatabaseService): Promise<ServiceLoginSession> {
  const user = `masar_t${randomBytes(6).toString('hex')}_${service}`
  const password = randomBytes(18).toString('base64url')
  const admin = await database.pool.connect()
  try {
    await ensureServiceLogins(admin, [{ service, user, password }])
  } finally {
    admin.release()
  }
  const dropLogin = async () => {
    await database.pool.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(user)}`)
  }
  if (database.embedded) {
    return {
      service, user, url: database.url,
      async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
        const client = await database.pool.connect()
        try {
          await client.query('BEGIN')
          await client.query(`SET LOCAL ROLE ${pg.escapeIdentifier(user)}`)
          const result = await client.query<R>(sql, params)
          await client.query('COMMIT')
          return result
        } catch (err) {
          await client.query('ROLLBACK')
          throw err
        } finally {
          client.release()
        }
      },
      close: dropLogin,
    }
  }
  const url = new URL(database.url)
  url.username = user
  url.password = password
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  return {
    service, user, url: url.toString(),
    query: <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => client.query<R>(sql, params),
    async close() {
      await client.end()
      // a service a test ran under this login may still be closing its connections
      await database.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [user])
      await dropLogin()
    },
  }
}
