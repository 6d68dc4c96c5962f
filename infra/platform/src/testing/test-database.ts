import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrate, type MigrateResult } from '../db/migrate.js'
import { startEmbeddedDatabase } from '@masar/embedded/embedded-database'

/**
 * A fresh, migrated database for one test file: a new database on the server named by DATABASE_URL when it is
 * set, otherwise a new in-memory embedded TimescaleDB. Close it in afterAll.
 */
export interface TestDatabase {
  url: string
  pool: pg.Pool
  /** The schema was built with TimescaleDB features (hypertables, policies). */
  timescale: boolean
  embedded: boolean
  migration: MigrateResult
  close(): Promise<void>
}

export const TEST_POLICIES = { positionsRetentionDays: 30, positionsCompressAfterDays: 2, rejectsRetentionDays: 14, stopEventsRetentionDays: 90 }

async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `masar_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      // pool.end() resolves before its connections have closed; forcing them closed now would raise an error in
      // the test process. Wait for them to go (a few seconds at most), and force only what is left after that.
      for (let attempt = 0; attempt < 50; attempt++) {
        const { rows } = await cleanup.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
        if (rows[0]?.n === 0) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.end()
    },
  }
}

/**
 * A real TimescaleDB server runs its policies in the background, the embedded one never does. Tests write rows at
 * fixed dates months back, which the retention job (30 days here) would drop under them at a moment nobody chose:
 * pause this database's jobs, as they are embedded, and let a test that wants one run it (CALL run_job).
 */
async function pauseBackgroundJobs(pool: pg.Pool): Promise<void> {
  // next_start, not scheduled => false: the embedded job runner (tested here too) runs the jobs marked scheduled.
  await pool.query(`SELECT alter_job(job_id, next_start => 'infinity') FROM timescaledb_information.jobs WHERE job_id >= 1000`)
  // A job the scheduler launched before that may still be starting: wait for it (a second or so at most).
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name ~ ' \\[[0-9]+\\]$'`,
    )
    if (rows[0]?.n === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export async function createTestDatabase(options: { serverUrl?: string; poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL
  if (serverUrl) {
    const database = await createServerDatabase(serverUrl)
    const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 4 })
    const migration = await migrate(pool, { timescale: 'auto', policies: TEST_POLICIES })
    if (migration.timescale) await pauseBackgroundJobs(pool)
    return {
      url: database.url, pool, timescale: migration.timescale, embedded: false, migration,
      async close() {
        await pool.end()
        await database.drop()
      },
    }
  }
  const embedded = await startEmbeddedDatabase()
  const pool = new pg.Pool({ connectionString: embedded.url, max: 1 })
  const migration = await migrate(pool, { timescale: 'required', policies: TEST_POLICIES })
  return {
    url: embedded.url, pool, timescale: migration.timescale, embedded: true, migration,
    async close() {
      await pool.end()
      await embedded.close()
    },
  }
}
