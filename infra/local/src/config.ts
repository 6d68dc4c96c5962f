import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'

/** The variables `npm start` itself reads; each service's own variables are parsed by that service. */
export const LocalEnv = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'absent: an embedded TimescaleDB' })),
  MQTT_URL: Type.Optional(Type.String({ minLength: 1, description: 'absent: an embedded MQTT broker' })),
  MASAR_DATA_DIR: Type.String({ minLength: 1, default: './.masar-data' }),
  EMBEDDED_DB_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 5432 }),
  EMBEDDED_MQTT_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 1883 }),
  MIGRATE_TIMESCALE: Type.Unsafe<'auto' | 'required' | 'off'>({ type: 'string', enum: ['auto', 'required', 'off'], default: 'auto' }),
  POSITIONS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  POSITIONS_COMPRESS_AFTER_DAYS: Type.Integer({ minimum: 1, default: 2 }),
  REJECTS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 14 }),
  STOP_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 90 }),
  MASAR_DEMO_FEED: Type.Boolean({ default: true, description: 'import the Amman demo GTFS feed when no feed is active' }),
  MASAR_FEED: Type.Optional(Type.String({ minLength: 1, description: 'a GTFS zip or folder to import (and activate) when no feed is active, instead of the Amman demo feed' })),
  MASAR_REPLAY: Type.Optional(Type.String({ minLength: 1, description: 'a recorded trace replayed instead of the fleet simulator, with its own fix times: the stack clock starts at its first record replayed' })),
  MASAR_REPLAY_FROM: Type.Optional(Type.String({ minLength: 1, description: 'with MASAR_REPLAY: replay from this ISO instant on (default: the trace\'s first record)' })),
  MASAR_SIMULATOR: Type.Boolean({ default: true, description: 'run the fleet simulator on the active feed (turn off for a real deployment)' }),
  SIM_VEHICLES: Type.Optional(Type.Integer({ minimum: 1, description: 'at most this many simulated buses; absent: every block of the day' })),
  SIM_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1, description: 'simulated seconds per real second (≤ 1: ingest refuses fixes from the future)' }),
  SIM_SEED: Type.String({ minLength: 1, default: '206' }),
  SIM_START: Type.Optional(Type.String({ minLength: 1, description: 'the stack runs on a demo clock from here: HH:MM today in the feed time zone, or an ISO instant; "now": real time; absent: real time, or 08:00 when no bus runs now (night)' })),
  SIM_AGENCY_ID: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'gam', description: 'the agency in the simulated trackers\' topics (and their client ids\' prefix unless gam): keeps a test fleet apart on a shared broker' }),
  SIM_TRUTH_FILE: Type.Optional(Type.String({ minLength: 1, description: 'write the ground truth (NDJSON) here' })),
  TIMESCALE_JOBS_INTERVAL_S: Type.Integer({ minimum: 10, default: 600 }),
  LOG_LEVEL: Type.Unsafe<'debug' | 'info' | 'warn' | 'error'>({ type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  NODE_ENV: Type.Optional(Type.String({ description: 'production: only with DATABASE_URL and MQTT_URL (the embedded servers take no login), and no password is printed' })),
})

export type LocalConfig = ReturnType<typeof toLocalConfig>

function toLocalConfig(e: Static<typeof LocalEnv>, env: Record<string, string | undefined>) {
  return {
    /** NODE_ENV=production: real servers only, and the banner prints no secret. */
    production: e.NODE_ENV === 'production',
    db: { url: e.DATABASE_URL, embeddedPort: e.EMBEDDED_DB_PORT, embeddedPortChosen: env.EMBEDDED_DB_PORT !== undefined },
    mqtt: { url: e.MQTT_URL, embeddedPort: e.EMBEDDED_MQTT_PORT, embeddedPortChosen: env.EMBEDDED_MQTT_PORT !== undefined },
    dataDir: e.MASAR_DATA_DIR,
    migrate: {
      timescale: e.MIGRATE_TIMESCALE,
      policies: {
        positionsRetentionDays: e.POSITIONS_RETENTION_DAYS,
        positionsCompressAfterDays: e.POSITIONS_COMPRESS_AFTER_DAYS,
        rejectsRetentionDays: e.REJECTS_RETENTION_DAYS,
        stopEventsRetentionDays: e.STOP_EVENTS_RETENTION_DAYS,
      },
    },
    importDemoFeed: e.MASAR_DEMO_FEED,
    /** The feed imported when none is active (the Amman demo feed unless MASAR_FEED names another). */
    feedPath: e.MASAR_FEED ?? null,
    /** A recorded trace replayed instead of the simulator, from an instant (null: its first record). */
    replay: e.MASAR_REPLAY === undefined ? null : { path: e.MASAR_REPLAY, fromMs: parseInstant(e.MASAR_REPLAY_FROM, 'MASAR_REPLAY_FROM') },
    simulator: { enabled: e.MASAR_SIMULATOR, vehicles: e.SIM_VEHICLES, speed: e.SIM_SPEED, seed: e.SIM_SEED, start: e.SIM_START, agencyId: e.SIM_AGENCY_ID, truthFile: e.SIM_TRUTH_FILE },
    timescaleJobsIntervalMs: e.TIMESCALE_JOBS_INTERVAL_S * 1000,
    log: { level: e.LOG_LEVEL },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  }
}

function parseInstant(text: string | undefined, name: string): number | null {
  if (text === undefined) return null
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new ConfigError(`Invalid configuration: ${name} must be an ISO instant such as 2025-11-20T07:00:00+03:00, got "${text}"`)
  return ms
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
}

/**
 * Under NODE_ENV=production the embedded database and broker are refused: they take no login (anyone who reaches
 * their ports reads and writes everything), so a deployment runs on real servers (infra/compose, infra/k8s).
 */
export function loadLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  let config: LocalConfig
  try {
    config = toLocalConfig(envSchema<Static<typeof LocalEnv>>({ schema: LocalEnv, data: env, env: false }), env)
  } catch (err) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`, { cause: err })
  }
  const embedded = [config.db.url ? null : 'DATABASE_URL (the embedded database)', config.mqtt.url ? null : 'MQTT_URL (the embedded broker)'].filter(Boolean)
  if (config.production && embedded.length > 0) {
    throw new ConfigError(`Invalid configuration: NODE_ENV=production needs real servers, and ${embedded.join(' and ')} would be embedded, which take no login. Set them (a deployment: infra/compose or infra/k8s), or unset NODE_ENV for development.`)
  }
  return config
}
