import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'
import type { MigrateOptions } from './migrate.js'
import { defaultLoginName, type DatabaseService, type ServiceLogin } from './service-logins.js'

/** What `npm run migrate` (the deployment's one-shot migration job) reads from the environment. */
export const MigrateEnv = Type.Object({
  DATABASE_URL: Type.String({ minLength: 1, description: 'PostgreSQL/TimescaleDB connection string' }),
  MIGRATE_TIMESCALE: Type.Unsafe<'auto' | 'required' | 'off'>({ type: 'string', enum: ['auto', 'required', 'off'], default: 'auto', description: 'required: fail where the timescaledb extension is missing' }),
  POSITIONS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  POSITIONS_COMPRESS_AFTER_DAYS: Type.Integer({ minimum: 1, default: 2 }),
  REJECTS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 14 }),
  MIGRATE_INGEST_DB_PASSWORD: Type.Optional(Type.String({ minLength: 16, description: "set: create ingest's login (member of masar_ingest), or set its password" })),
  MIGRATE_INGEST_DB_USER: Type.String({ minLength: 1, default: defaultLoginName('ingest') }),
  MIGRATE_REALTIME_DB_PASSWORD: Type.Optional(Type.String({ minLength: 16, description: "set: create the realtime engine's login (member of masar_realtime)" })),
  MIGRATE_REALTIME_DB_USER: Type.String({ minLength: 1, default: defaultLoginName('realtime') }),
  MIGRATE_API_DB_PASSWORD: Type.Optional(Type.String({ minLength: 16, description: "set: create the api's login (member of masar_api)" })),
  MIGRATE_API_DB_USER: Type.String({ minLength: 1, default: defaultLoginName('api') }),
  STOP_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 90, description: 'stop events carry vehicle ids and times: how long they are kept' }),
})

export interface MigrateConfig {
  databaseUrl: string
  options: Pick<MigrateOptions, 'timescale' | 'policies' | 'logins'>
}

export class MigrateConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
}

function loginsOf(e: Static<typeof MigrateEnv>): ServiceLogin[] {
  const wanted: Array<[DatabaseService, string, string | undefined]> = [
    ['ingest', e.MIGRATE_INGEST_DB_USER, e.MIGRATE_INGEST_DB_PASSWORD],
    ['realtime', e.MIGRATE_REALTIME_DB_USER, e.MIGRATE_REALTIME_DB_PASSWORD],
    ['api', e.MIGRATE_API_DB_USER, e.MIGRATE_API_DB_PASSWORD],
  ]
  return wanted.flatMap(([service, user, password]) => (password === undefined ? [] : [{ service, user, password }]))
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
      policies: {
        positionsRetentionDays: e.POSITIONS_RETENTION_DAYS, positionsCompressAfterDays: e.POSITIONS_COMPRESS_AFTER_DAYS, rejectsRetentionDays: e.REJECTS_RETENTION_DAYS,
        stopEventsRetentionDays: e.STOP_EVENTS_RETENTION_DAYS,
      },
      logins: loginsOf(e),
    },
  }
}
