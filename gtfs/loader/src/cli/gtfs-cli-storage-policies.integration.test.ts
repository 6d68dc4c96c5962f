import { execFile } from 'node:child_process'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { migrate, type StoragePolicies } from '@masar/platform/db/migrate'
import { startEmbeddedDatabase } from '@masar/embedded/embedded-database'
import { createTestDatabase } from '@masar/platform/testing/test-database'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Issue #16: an operator keeps a year of positions (POSITIONS_RETENTION_DAYS=365). Importing a timetable must not
// put the storage policies back to the defaults (it did: the CLI migrated with 30/2/14 days hard-coded).
const CLI = fileURLToPath(new URL('./gtfs-cli.ts', import.meta.url))
const FEED = fileURLToPath(new URL('../fixtures/valid-minimal', import.meta.url))
const OPERATOR_POLICIES: StoragePolicies = { positionsRetentionDays: 365, positionsCompressAfterDays: 7, rejectsRetentionDays: 60, stopEventsRetentionDays: 400 }

interface StoredPolicies {
  settings: Record<string, number>
  /** TimescaleDB jobs' configured ages (empty on plain PostgreSQL). */
  jobs: string[]
}

async function readPolicies(db: pg.Pool | pg.Client): Promise<StoredPolicies> {
  const { rows } = await db.query<{ name: string; days: number }>('SELECT name, extract(day FROM value)::int AS days FROM storage_settings ORDER BY name')
  const { rows: timescale } = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)
  const jobs = timescale.length === 0 ? [] : (await db.query<{ job: string }>(
    `SELECT hypertable_name || ':' || proc_name || ':' || coalesce(config->>'drop_after', config->>'compress_after') AS job
     FROM timescaledb_information.jobs WHERE hypertable_name IN ('vehicle_positions', 'ping_rejects', 'stop_events') AND NOT (hypertable_name = 'stop_events' AND proc_name = 'policy_compression') ORDER BY 1`,
  )).rows.map((row) => row.job)
  return { settings: Object.fromEntries(rows.map((row) => [row.name, row.days])), jobs }
}

const EXPECTED_SETTINGS = { positions_compress_after: 7, positions_retention: 365, rejects_retention: 60, stop_events_retention: 400 }
const EXPECTED_JOBS = [
  'ping_rejects:policy_retention:60 days', 'stop_events:policy_retention:400 days', 'vehicle_positions:policy_compression:7 days', 'vehicle_positions:policy_retention:365 days',
]

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe.runIf(process.env.DATABASE_URL)('gtfs:import keeps the configured storage policies (PostgreSQL server)', () => {
  it('leaves a 365-day retention at 365 days', async () => {
    const database = await createTestDatabase()
    try {
      await migrate(database.pool, { timescale: 'auto', policies: OPERATOR_POLICIES })
      const imported = await cli({ ...process.env, DATABASE_URL: database.url }, 'import', FEED)
      expect(imported.code, imported.stderr).toBe(0)
      expect((await cli({ ...process.env, DATABASE_URL: database.url }, 'activate', '1')).code).toBe(0)
      const stored = await readPolicies(database.pool)
      expect(stored.settings).toEqual(EXPECTED_SETTINGS)
      expect(stored.jobs).toEqual(database.timescale ? EXPECTED_JOBS : [])
    } finally {
      await database.close()
    }
  })
})

describe.skipIf(process.env.DATABASE_URL)('gtfs:import keeps the configured storage policies (embedded TimescaleDB)', () => {
  let dataRoot: string
  beforeAll(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'masar-gtfs-policies-'))
  })
  afterAll(async () => {
    await rm(dataRoot, { recursive: true, force: true })
  })

  it('leaves the 365-day retention job at 365 days', async () => {
    // As `npm start` leaves it with POSITIONS_RETENTION_DAYS=365 (the embedded data lives in MASAR_DATA_DIR/timescaledb).
    const dataDir = join(dataRoot, 'timescaledb')
    await mkdir(dataDir)
    const before = await startEmbeddedDatabase({ dataDir })
    const pool = new pg.Pool({ connectionString: before.url, max: 1 })
    try {
      await migrate(pool, { timescale: 'required', policies: OPERATOR_POLICIES })
      expect((await readPolicies(pool)).jobs).toEqual(EXPECTED_JOBS)
    } finally {
      await pool.end()
      await before.close()
    }

    const env: NodeJS.ProcessEnv = { ...process.env, MASAR_DATA_DIR: dataRoot }
    delete env.DATABASE_URL
    const imported = await cli(env, 'import', FEED)
    expect(imported.code, imported.stderr).toBe(0)

    const after = await startEmbeddedDatabase({ dataDir })
    const client = new pg.Client({ connectionString: after.url })
    await client.connect()
    try {
      const stored = await readPolicies(client)
      expect(stored.settings).toEqual(EXPECTED_SETTINGS)
      expect(stored.jobs).toEqual(EXPECTED_JOBS)
    } finally {
      await client.end()
      await after.close()
    }
  })
})
