import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import pg from 'pg'

export interface CliDatabase {
  pool: pg.Pool
  close(): Promise<void>
}

/**
 * The database the CLI works on: the server at DATABASE_URL, or, on a developer's machine with DATABASE_URL unset,
 * the embedded database in MASAR_DATA_DIR. The embedded one lives in the development-only @masar/embedded, loaded
 * only here and only then: the compiled CLI in the production image has no copy of it and asks for DATABASE_URL.
 */
export async function openCliDatabase(env: NodeJS.ProcessEnv): Promise<CliDatabase & { embedded: boolean }> {
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 })
    return { pool, embedded: false, close: () => pool.end() }
  }
  const { startEmbeddedDatabase } = await import('@masar/embedded/embedded-database').catch((err: unknown) => {
    const message = 'DATABASE_URL is not set, and this installation has no embedded database (a development tool): set DATABASE_URL'
    throw Object.assign(new Error(message, { cause: err }), { code: 'GTFS_CLI_NO_DATABASE' })
  })
  const dataDir = resolve(env.MASAR_DATA_DIR ?? './.masar-data', 'timescaledb')
  await mkdir(dataDir, { recursive: true })
  const embedded = await startEmbeddedDatabase({ dataDir })
  const pool = new pg.Pool({ connectionString: embedded.url, max: 1 })
  return {
    pool, embedded: true,
    async close() {
      await pool.end()
      await embedded.close()
    },
  }
}
