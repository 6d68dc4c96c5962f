import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, TEST_POLICIES, type TestDatabase } from '../testing/test-database.js'
import { migrate } from './migrate.js'
import { MIGRATIONS_DIR } from './read-migrations.js'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

describe(`migrations on ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded TimescaleDB'}`, () => {
  it('creates the schema, with TimescaleDB features exactly where the extension exists', async () => {
    const { rows: tables } = await database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    )
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([
      'ping_rejects', 'prediction_outcomes', 'schema_migrations', 'segment_stats_hourly', 'segment_traversals', 'storage_settings', 'trip_cancellations',
      'vehicle_latest', 'vehicle_positions', 'vehicles',
    ]))
    const { rows: extension } = await database.pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)
    expect(database.timescale).toBe(extension.length === 1)
    if (database.embedded) expect(database.timescale).toBe(true)
    if (database.timescale) {
      const { rows: hypertables } = await database.pool.query<{ hypertable_name: string; compression_enabled: boolean }>(
        'SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables ORDER BY hypertable_name',
      )
      expect(hypertables).toEqual([
        { hypertable_name: 'ping_rejects', compression_enabled: false },
        { hypertable_name: 'prediction_outcomes', compression_enabled: true },
        { hypertable_name: 'segment_traversals', compression_enabled: true },
        { hypertable_name: 'stop_events', compression_enabled: true },
        { hypertable_name: 'vehicle_positions', compression_enabled: true },
      ])
      const { rows: jobs } = await database.pool.query<{ proc_name: string; hypertable_name: string; config: Record<string, string> }>(
        // A refresh job names the continuous aggregate's materialization hypertable up to TimescaleDB 2.17 (the
        // compose file's server) and the aggregate itself in later versions (the embedded 2.23): name the aggregate.
        `SELECT j.proc_name, coalesce(c.view_name, j.hypertable_name) AS hypertable_name, j.config
         FROM timescaledb_information.jobs j
         LEFT JOIN timescaledb_information.continuous_aggregates c
           ON (c.materialization_hypertable_schema, c.materialization_hypertable_name) = (j.hypertable_schema, j.hypertable_name)
         WHERE j.job_id >= 1000 ORDER BY 2, 1`,
      )
      expect(jobs.map((j) => `${j.hypertable_name}:${j.proc_name}`)).toEqual([
        'ping_rejects:policy_retention', 'prediction_outcomes:policy_compression', 'prediction_outcomes:policy_retention',
        'segment_stats_hourly:policy_refresh_continuous_aggregate', 'segment_traversals:policy_compression', 'segment_traversals:policy_retention',
        'stop_events:policy_compression', 'stop_events:policy_retention', 'vehicle_positions:policy_compression', 'vehicle_positions:policy_retention',
      ])
      const { rows: aggregates } = await database.pool.query<{ view_name: string; materialized_only: boolean }>(
        'SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY view_name',
      )
      expect(aggregates).toEqual([{ view_name: 'segment_stats_hourly', materialized_only: false }])
      expect(jobs.find((j) => j.proc_name === 'policy_retention' && j.hypertable_name === 'vehicle_positions')?.config.drop_after).toBe('30 days')
    }
  })

  it('records the configured storage ages', async () => {
    const { rows } = await database.pool.query<{ name: string; days: number }>(`SELECT name, extract(day FROM value)::int AS days FROM storage_settings ORDER BY name`)
    expect(rows).toEqual([
      { name: 'positions_compress_after', days: TEST_POLICIES.positionsCompressAfterDays },
      { name: 'positions_retention', days: TEST_POLICIES.positionsRetentionDays },
      { name: 'rejects_retention', days: TEST_POLICIES.rejectsRetentionDays },
      { name: 'stop_events_retention', days: TEST_POLICIES.stopEventsRetentionDays },
    ])
  })

  it('applies nothing twice and takes new storage ages on the next run', async () => {
    const again = await migrate(database.pool, { timescale: 'auto', policies: { ...TEST_POLICIES, positionsRetentionDays: 90 } })
    expect(again.applied).toEqual([])
    expect(again.alreadyApplied).toBe(database.migration.applied.length)
    const { rows } = await database.pool.query<{ days: number }>(`SELECT extract(day FROM value)::int AS days FROM storage_settings WHERE name = 'positions_retention'`)
    expect(rows[0]?.days).toBe(90)
    if (database.timescale) {
      const { rows: jobs } = await database.pool.query<{ config: Record<string, string> }>(
        `SELECT config FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = 'vehicle_positions'`,
      )
      expect(jobs.map((j) => j.config.drop_after)).toEqual(['90 days'])
    }
  })

  it("leaves the storage ages alone when asked to ('unchanged': every tool but npm run migrate and the launcher)", async () => {
    await migrate(database.pool, { timescale: 'auto', policies: { ...TEST_POLICIES, positionsRetentionDays: 365 } })
    await migrate(database.pool, { timescale: 'auto', policies: 'unchanged' })
    const { rows } = await database.pool.query<{ days: number }>(`SELECT extract(day FROM value)::int AS days FROM storage_settings WHERE name = 'positions_retention'`)
    expect(rows[0]?.days).toBe(365)
    if (database.timescale) {
      const { rows: jobs } = await database.pool.query<{ config: Record<string, string> }>(
        `SELECT config FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = 'vehicle_positions'`,
      )
      expect(jobs.map((j) => j.config.drop_after)).toEqual(['365 days'])
    }
  })

  it('refuses to run when an applied migration was edited, and applies a new one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-migrations-'))
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true })
      await writeFile(join(dir, '0900_create_probe.sql'), 'CREATE TABLE probe (id int);')
      const added = await migrate(database.pool, { timescale: 'auto', policies: TEST_POLICIES, migrationsDir: dir })
      expect(added.applied).toEqual(['0900_create_probe'])
      const file = join(dir, '0001_create_vehicles.sql')
      await writeFile(file, `${await readFile(file, 'utf8')}\n-- an innocent-looking edit\n`)
      await expect(migrate(database.pool, { timescale: 'auto', policies: TEST_POLICIES, migrationsDir: dir })).rejects.toMatchObject({
        code: 'MIGRATION_CHECKSUM_MISMATCH',
        message: expect.stringContaining('0001_create_vehicles was edited after it was applied'),
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rolls back a failing migration and names it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-migrations-'))
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true })
      await writeFile(join(dir, '0900_create_probe.sql'), 'CREATE TABLE probe (id int);')
      await writeFile(join(dir, '0901_break_things.sql'), 'CREATE TABLE half_done (id int); SELECT no_such_function();')
      await expect(migrate(database.pool, { timescale: 'auto', policies: TEST_POLICIES, migrationsDir: dir })).rejects.toMatchObject({
        code: 'MIGRATION_FAILED',
        message: expect.stringContaining('0901_break_things failed and was rolled back'),
      })
      const { rows } = await database.pool.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`)
      expect(rows).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
