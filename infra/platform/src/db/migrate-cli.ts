import pg from 'pg'
import { loadMigrateConfig } from './migrate-config.js'
import { migrate } from './migrate.js'

/** `npm run migrate`: brings the database named by DATABASE_URL up to date (the deployment's one-shot job). */
async function main(): Promise<number> {
  const config = loadMigrateConfig(process.env)
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 })
  try {
    const result = await migrate(pool, { ...config.options, log: (message, details) => console.log(details?.migration ? `${message}: ${String(details.migration)}` : message) })
    console.log(`schema up to date: ${result.applied.length} applied now, ${result.alreadyApplied} before; TimescaleDB ${result.timescale ? 'on' : 'off'}`)
    return 0
  } finally {
    await pool.end()
  }
}

main().then((code) => process.exit(code), (err: Error & { code?: string }) => {
  console.error(`migrate failed${err.code ? ` (${err.code})` : ''}: ${err.message}`)
  process.exit(1)
})
