import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'
import type { MigrateOptions } from './migrate.js'

/** What `npm run migrate` (the deployment's one-shot migration job) reads from the environment. */
export const MigrateEnv = Type.Object({
  DATABASE_URL: Type.String({ minLength: 1, description: 'PostgreSQL/TimescaleDB connection string' }),
  MIGRATE_TIMESCALE: Type.Unsafe<'auto' | 'required' | 'off'>({ type: 'string', enum: ['auto', 'required', 'off'], default: 'auto', description: 'required: fail where the timescaledb extension is missing' }),
  POSITIONS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  POSITIONS_COMPRESS_AFTER_DAYS: Type.Integer({ minimum: 1, default: 2 }),
  REJECTS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 14 }),
})

export interface MigrateConfig {
  databaseUrl: string
  options: Pick<MigrateOptions, 'timescale' | 'policies'>
}

export class MigrateConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
}

export function loadMigrateConfig(env: Record<string, string | undefined>): MigrateConfig {
  let e: Static<typeof MigrateEnv>
  try {
    e = envSchema<Static<typeof MigrateEnv>>({ schema: MigrateEnv, data: env, env: false })
  } catch (err) {
    throw new MigrateConfigError(`Invalid configuration: ${(err as Error).message}`, { cause: err })
  }
  return {
    databaseUrl: e.DATABASE_URL,
    options: {
      timescale: e.MIGRATE_TIMESCALE,
      policies: { positionsRetentionDays: e.POSITIONS_RETENTION_DAYS, positionsCompressAfterDays: e.POSITIONS_COMPRESS_AFTER_DAYS, rejectsRetentionDays: e.REJECTS_RETENTION_DAYS },
    },
  }
}
