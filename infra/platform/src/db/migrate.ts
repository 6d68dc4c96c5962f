import type pg from 'pg'
import { PlatformError } from './platform-error.js'
import { checksumOf, readMigrations, type Migration } from './read-migrations.js'
import { ensureServiceLogins, type ServiceLogin } from './service-logins.js'

export type TimescaleMode = 'auto' | 'required' | 'off'

export interface StoragePolicies {
  positionsRetentionDays: number
  positionsCompressAfterDays: number
  rejectsRetentionDays: number
  stopEventsRetentionDays: number
}

export interface MigrateOptions {
  /** auto: use TimescaleDB where the extension is available; required: fail without it; off: plain PostgreSQL. */
  timescale: TimescaleMode
  /**
   * The storage ages from configuration, (re)applied after the migrations: only `npm run migrate` and the launcher
   * pass them. 'unchanged' leaves the database's policies as they are (any other tool that brings the schema up to
   * date, e.g. gtfs:import: it must not put an operator's 365-day retention back to a default).
   */
  policies: StoragePolicies | 'unchanged'
  /** The services' logins to create (or whose passwords to set) after the migrations, under the same lock. */
  logins?: readonly ServiceLogin[]
  migrationsDir?: string
  log?: (message: string, details?: Record<string, unknown>) => void
}

export interface MigrateResult {
  timescale: boolean
  applied: string[]
  alreadyApplied: number
}

/** A stable key for pg_advisory_lock: two instances starting together migrate one after the other. */
const MIGRATION_LOCK_KEY = 741_208_511

const CREATE_LEDGER = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  timescale  boolean     NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`

async function detectTimescale(client: pg.ClientBase, mode: TimescaleMode): Promise<boolean> {
  if (mode === 'off') return false
  const { rows } = await client.query<{ installed: boolean; available: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available`,
  )
  const { installed = false, available = false } = rows[0] ?? {}
  if (installed) return true
  if (available) {
    await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb')
    return true
  }
  if (mode === 'required') {
    throw new PlatformError('MIGRATION_TIMESCALE_MISSING', 'TimescaleDB is required (MIGRATE_TIMESCALE=required) but the timescaledb extension is not available on this PostgreSQL server')
  }
  return false
}

async function applyMigration(client: pg.ClientBase, migration: Migration, timescale: boolean): Promise<void> {
  const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`
  await client.query('BEGIN')
  try {
    await client.query(migration.portableSql)
    if (timescale && migration.timescaleSql !== null) await client.query(migration.timescaleSql)
    await client.query('INSERT INTO schema_migrations (version, name, checksum, timescale) VALUES ($1, $2, $3, $4)', [
      migration.version, migration.name, checksumOf(migration, timescale), timescale,
    ])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw new PlatformError('MIGRATION_FAILED', `Migration ${label} failed and was rolled back: ${(err as Error).message}`, { cause: err })
  }
}

/** Records (and on TimescaleDB schedules) the ages; on plain PostgreSQL also deletes what is past them now. */
async function applyStoragePolicies(client: pg.ClientBase, policies: StoragePolicies): Promise<void> {
  const { positionsRetentionDays, positionsCompressAfterDays, rejectsRetentionDays, stopEventsRetentionDays } = policies
  await client.query(
    `SELECT masar_apply_storage_policies(make_interval(days => $1), make_interval(days => $2), make_interval(days => $3), make_interval(days => $4))`,
    [positionsRetentionDays, positionsCompressAfterDays, rejectsRetentionDays, stopEventsRetentionDays],
  )
  await client.query('SELECT masar_delete_expired_rows()')
}

function refuseEdited(migration: Migration, applied: { checksum: string; timescale: boolean }): void {
  if (checksumOf(migration, applied.timescale) === applied.checksum) return
  const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`
  throw new PlatformError(
    'MIGRATION_CHECKSUM_MISMATCH',
    `Migration ${label} was edited after it was applied to this database. Migrations are forward-only: undo the edit and put the change in a new migration.`,
  )
}

/**
 * Brings the schema up to date: applies every migration not yet recorded in schema_migrations, each in its own
 * transaction, refusing to run if an applied migration's file has changed; then applies the storage policies
 * (unless options.policies is 'unchanged').
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<MigrateResult> {
  const migrations = await readMigrations(options.migrationsDir)
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      const timescale = await detectTimescale(client, options.timescale)
      await client.query(CREATE_LEDGER)
      const { rows } = await client.query<{ version: number; checksum: string; timescale: boolean }>('SELECT version, checksum, timescale FROM schema_migrations')
      const appliedByVersion = new Map(rows.map((row) => [row.version, row]))
      const applied: string[] = []
      for (const migration of migrations) {
        const previous = appliedByVersion.get(migration.version)
        if (previous) {
          refuseEdited(migration, previous)
          continue
        }
        await applyMigration(client, migration, timescale)
        applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`)
        options.log?.('migration applied', { migration: applied.at(-1), timescale })
      }
      if (options.policies !== 'unchanged') await applyStoragePolicies(client, options.policies)
      if (options.logins?.length) await ensureServiceLogins(client, options.logins)
      return { timescale, applied, alreadyApplied: migrations.length - applied.length }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}
