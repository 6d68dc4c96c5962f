import { describe, expect, it } from 'vitest'
import { loadMigrateConfig } from './migrate-config.js'

describe('loadMigrateConfig', () => {
  it('reads the database and the storage policies, with defaults', () => {
    const config = loadMigrateConfig({ DATABASE_URL: 'postgres://db/masar', POSITIONS_RETENTION_DAYS: '90' })
    expect(config).toEqual({
      databaseUrl: 'postgres://db/masar',
      options: { timescale: 'auto', policies: { positionsRetentionDays: 90, positionsCompressAfterDays: 2, rejectsRetentionDays: 14, stopEventsRetentionDays: 90 }, logins: [] },
    })
  })

  it("reads the services' database logins to create, each with its password", () => {
    const password = 'a-long-enough-secret'
    const config = loadMigrateConfig({ DATABASE_URL: 'postgres://db/masar', MIGRATE_INGEST_DB_PASSWORD: password, MIGRATE_API_DB_PASSWORD: password, MIGRATE_API_DB_USER: 'api_gam' })
    expect(config.options.logins).toEqual([{ service: 'ingest', user: 'masar_ingest_login', password }, { service: 'api', user: 'api_gam', password }])
    expect(() => loadMigrateConfig({ DATABASE_URL: 'postgres://db', MIGRATE_REALTIME_DB_PASSWORD: 'short' })).toThrow(/MIGRATE_REALTIME_DB_PASSWORD/)
  })

  it('refuses a missing database or a bad mode with a message naming the variable', () => {
    expect(() => loadMigrateConfig({})).toThrow(/DATABASE_URL/)
    expect(() => loadMigrateConfig({ DATABASE_URL: 'postgres://db', MIGRATE_TIMESCALE: 'sometimes' })).toThrow(/MIGRATE_TIMESCALE/)
  })
})
