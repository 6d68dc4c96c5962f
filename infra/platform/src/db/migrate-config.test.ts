import { describe, expect, it } from 'vitest'
import { loadMigrateConfig } from './migrate-config.js'

describe('loadMigrateConfig', () => {
  it('reads the database and the storage policies, with defaults', () => {
    const config = loadMigrateConfig({ DATABASE_URL: 'postgres://db/masar', POSITIONS_RETENTION_DAYS: '90' })
    expect(config).toEqual({
      databaseUrl: 'postgres://db/masar',
      options: { timescale: 'auto', policies: { positionsRetentionDays: 90, positionsCompressAfterDays: 2, rejectsRetentionDays: 14 } },
    })
  })

  it('refuses a missing database or a bad mode with a message naming the variable', () => {
    expect(() => loadMigrateConfig({})).toThrow(/DATABASE_URL/)
    expect(() => loadMigrateConfig({ DATABASE_URL: 'postgres://db', MIGRATE_TIMESCALE: 'sometimes' })).toThrow(/MIGRATE_TIMESCALE/)
  })
})
