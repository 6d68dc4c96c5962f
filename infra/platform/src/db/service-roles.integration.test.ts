import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServiceLogin, type ServiceLoginSession } from '../testing/service-login.js'
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js'
import { SERVICE_GROUP_ROLES, type DatabaseService } from './service-logins.js'

// Issue #17: the services connected as the database's superuser, so any compromise could run
// COPY … TO PROGRAM (a shell in the database container), create and drop tables, and read and write everything.
// Each now logs in as a member of its own group role (migration 0015) with the privileges below and no others.

type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER'
/** A table privilege, or SELECT of some columns only: 'SELECT (vehicle_id)'. */
type Privilege = TablePrivilege | `SELECT (${string})`
const PRIVILEGES: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
const S: Privilege[] = ['SELECT']
const SI: Privilege[] = ['SELECT', 'INSERT']
const SIU: Privilege[] = ['SELECT', 'INSERT', 'UPDATE']
const SIUD: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE']

/**
 * Every table and view of the schema, with what each service may do on it. A table that is not here fails the test:
 * whoever adds one decides (and grants in the migration) what each service may do with it; {} = the owner only.
 */
const ROLE_MAP: Record<string, Partial<Record<DatabaseService, Privilege[]>>> = {
  schema_migrations: {},
  storage_settings: {},
  vehicles: { ingest: ['INSERT'], realtime: S, api: S },
  vehicle_positions: { ingest: ['INSERT'], realtime: S, api: S },
  vehicle_latest: { realtime: S, api: S },
  ping_rejects: { ingest: ['INSERT'] },
  feeds: { realtime: S, api: S },
  active_feed: { realtime: S, api: S },
  ...Object.fromEntries(['agency', 'calendar', 'calendar_dates', 'feed_info', 'frequencies', 'routes', 'shapes', 'stop_times', 'stops', 'translations', 'trips']
    .map((file) => [`gtfs_${file}`, { realtime: S, api: S }])),
  stop_events: { realtime: SI, api: S },
  segment_traversals: { realtime: SI },
  segment_stats_hourly: { realtime: S },
  prediction_outcomes: { realtime: SI, api: S },
  trip_cancellations: { realtime: S, api: SIUD },
  service_alerts: { realtime: S, api: SIU },
  service_alert_versions: { api: SI },
  api_accounts: { api: SIU },
  api_keys: { api: SI },
  api_rate_limit_counts: { api: SIUD },
  api_sign_in_failures: { api: SIUD },
  source_health: { ingest: SIU, api: S },
  declared_trips: { ingest: SIUD, api: S },
}

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

describe(`service roles (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded TimescaleDB'})`, () => {
  it('has decided, for every table and view, what each service may do with it, and granted exactly that', async () => {
    const { rows: relations } = await database.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition ORDER BY 1`,
    )
    expect(relations.map((r) => r.name).filter((name) => !(name in ROLE_MAP)), 'tables and views with no decision in ROLE_MAP').toEqual([])
    const granted: Record<string, Partial<Record<DatabaseService, Privilege[]>>> = {}
    for (const { name } of relations) {
      granted[name] = {}
      for (const [service, role] of Object.entries(SERVICE_GROUP_ROLES) as Array<[DatabaseService, string]>) {
        const { rows } = await database.pool.query<Record<TablePrivilege, boolean>>(
          `SELECT ${PRIVILEGES.map((p) => `has_table_privilege($1, $2::regclass, '${p}') AS "${p}"`).join(', ')}`, [role, `public.${name}`],
        )
        const held: Privilege[] = PRIVILEGES.filter((p) => rows[0]?.[p])
        const { rows: columns } = await database.pool.query<{ name: string }>(
          `SELECT attname AS name FROM pg_attribute WHERE attrelid = $2::regclass AND attnum > 0 AND NOT attisdropped
             AND has_column_privilege($1, attrelid, attnum, 'SELECT') ORDER BY attnum`, [role, `public.${name}`],
        )
        if (!held.includes('SELECT') && columns.length > 0) held.push(`SELECT (${columns.map((c) => c.name).join(', ')})`)
        if (held.length > 0) granted[name][service] = held
      }
    }
    expect(granted).toEqual(Object.fromEntries(relations.map(({ name }) => [name, ROLE_MAP[name]])))
  })

  it('gives the group roles no login and no power beyond their tables', async () => {
    const { rows } = await database.pool.query(
      `SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1`,
      [Object.values(SERVICE_GROUP_ROLES)],
    )
    expect(rows).toEqual(Object.values(SERVICE_GROUP_ROLES).sort().map((rolname) => ({
      rolname, rolcanlogin: false, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false,
    })))
  })
})

/** The attacks a compromised service would try first; each must be refused for every service's login. */
const ATTACKS: Array<[string, string]> = [
  ['a shell in the database container', `COPY (SELECT 1) TO PROGRAM 'id'`],
  ['reading the server\'s files', `SELECT pg_read_file('/etc/passwd')`],
  ['creating a table', 'CREATE TABLE masar_attack (a int)'],
  ['dropping a table', 'DROP TABLE vehicle_positions'],
  ['changing a table', 'ALTER TABLE vehicles ADD COLUMN attack int'],
  ['emptying a table', 'TRUNCATE stop_events'],
  ['becoming superuser', 'ALTER ROLE CURRENT_USER SUPERUSER'],
  ['making a role', 'CREATE ROLE masar_attacker LOGIN SUPERUSER'],
  ['changing the storage policies', `SELECT masar_apply_storage_policies('1 day', '1 day', '1 day', '1 day')`],
  ['deleting the migration ledger', 'DELETE FROM schema_migrations'],
]

/** What a service must not do with the data, and what it must be able to do (both as its own login). */
const REFUSED: Record<DatabaseService, string[]> = {
  ingest: [
    'SELECT * FROM vehicle_positions', 'SELECT lat, lon FROM vehicle_positions', 'SELECT * FROM api_accounts', 'DELETE FROM vehicle_positions', 'UPDATE vehicles SET agency_id = agency_id',
    `INSERT INTO stop_events (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, observed) VALUES ('v', 't', 'r', '2026-12-07', 's', 1, now(), now(), true)`,
  ],
  realtime: [
    'SELECT password_hash FROM api_accounts', 'SELECT key_hash FROM api_keys', 'DELETE FROM stop_events', 'UPDATE stop_events SET delay_s = 0',
    `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon) VALUES ('v', now(), now(), 'gam', 31.9, 35.9)`,
    `INSERT INTO api_accounts (username, password_hash, role) VALUES ('intruder', 'x', 'admin')`, 'DELETE FROM service_alerts', 'UPDATE active_feed SET feed_id = feed_id',
  ],
  api: [
    'DELETE FROM vehicle_positions', 'DELETE FROM stop_events', 'DELETE FROM api_accounts', 'UPDATE feeds SET status = status', 'UPDATE active_feed SET feed_id = feed_id',
    `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon) VALUES ('v', now(), now(), 'gam', 31.9, 35.9)`,
    `INSERT INTO stop_events (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, observed) VALUES ('v', 't', 'r', '2026-12-07', 's', 1, now(), now(), true)`,
    'SELECT * FROM segment_traversals', 'SELECT * FROM ping_rejects', 'UPDATE api_keys SET key_hash = \'x\'', 'UPDATE api_keys SET rate_limit_per_minute = 1000000', 'DELETE FROM api_keys',
  ],
}
const ALLOWED: Record<DatabaseService, string[]> = {
  ingest: [
    `INSERT INTO vehicles (vehicle_id, agency_id) VALUES ('bus-1', 'gam') ON CONFLICT DO NOTHING`,
    `INSERT INTO vehicle_positions (vehicle_id, recorded_at, received_at, agency_id, lat, lon) VALUES ('bus-1', now(), now(), 'gam', 31.9, 35.9) ON CONFLICT DO NOTHING`,
    `INSERT INTO ping_rejects (received_at, topic, vehicle_id, reason, detail, payload, payload_bytes) VALUES (now(), 't', 'bus-1', 'malformed_json', 'd', '\\x00', 1)`,
  ],
  realtime: [
    'SELECT * FROM vehicle_latest', 'SELECT * FROM gtfs_stop_times LIMIT 1', 'SELECT * FROM service_alerts', 'SELECT * FROM segment_stats_hourly LIMIT 1',
    `INSERT INTO stop_events (vehicle_id, trip_id, route_id, service_date, stop_id, stop_index, arrival_at, departure_at, observed) VALUES ('v', 't', 'r', '2026-12-07', 's', 1, now(), now(), true) ON CONFLICT DO NOTHING`,
    `INSERT INTO segment_traversals (vehicle_id, route_id, trip_id, service_date, from_stop_id, to_stop_id, from_stop_index, departed_at, arrived_at, day_type, hour_of_day)
     VALUES ('v', 'r', 't', '2026-12-07', 's1', 's2', 1, now(), now(), 'weekday', 8) ON CONFLICT DO NOTHING`,
    `INSERT INTO prediction_outcomes (method, vehicle_id, trip_id, service_date, stop_id, stop_index, made_at, predicted_at, actual_at, low_at, high_at)
     VALUES ('learned', 'v', 't', '2026-12-07', 's', 1, now(), now(), now(), now(), now()) ON CONFLICT DO NOTHING`,
    'SELECT pg_try_advisory_lock(741208599)', 'LISTEN masar_gtfs_activated',
  ],
  api: [
    `INSERT INTO api_accounts (username, password_hash, role) VALUES ('dispatcher1', 'scrypt$x', 'dispatcher') ON CONFLICT (username) DO NOTHING`,
    `INSERT INTO trip_cancellations (trip_id, service_date, reason, cancelled_by) VALUES ('t', '2026-12-07', 'r', 'd') ON CONFLICT (trip_id, service_date) DO UPDATE SET reason = excluded.reason`,
    `DELETE FROM trip_cancellations WHERE trip_id = 't'`,
    'UPDATE api_accounts SET token_generation = token_generation + 1 WHERE account_id = -1', 'UPDATE api_keys SET revoked_at = now() WHERE key_id = -1', 'SELECT * FROM vehicle_positions LIMIT 1', 'SELECT * FROM stop_events LIMIT 1', 'SELECT * FROM gtfs_stops LIMIT 1',
  ],
}

describe.each(Object.keys(SERVICE_GROUP_ROLES) as DatabaseService[])('connected as the %s login', (service) => {
  let session: ServiceLoginSession
  beforeAll(async () => {
    session = await createServiceLogin(database, service)
  })
  afterAll(async () => {
    await session?.close()
  })

  it.each(ATTACKS)('is refused %s', async (_attack, sql) => {
    await expect(session.query(sql)).rejects.toThrow(/permission denied|must be|only superuser|not permitted|must have/i)
  })

  it('is refused what it must not do with the data', async () => {
    for (const sql of REFUSED[service]) await expect(session.query(sql), sql).rejects.toThrow(/permission denied/)
  })

  it('does what it needs', async () => {
    for (const sql of ALLOWED[service]) await expect(session.query(sql), sql).resolves.toBeDefined()
  })
})
