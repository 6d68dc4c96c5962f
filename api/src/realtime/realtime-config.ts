import { Type, type Static } from '@sinclair/typebox'
import { envSchema } from 'env-schema'
import { PingLimitsEnv, toPingLimits, toVehicleRate, type ConfiguredPingLimits } from '@masar/model/telemetry/ping-limits-env'
import type { VehicleRateLimitOptions } from '@masar/model/telemetry/vehicle-rate-limit'
import { POSITION_TOPIC_FILTER } from '@masar/model/telemetry/topics'
import { ConfigError } from '../config.js'

export const RealtimeEnv = Type.Object({
  DATABASE_URL: Type.String({ minLength: 1, description: 'PostgreSQL/TimescaleDB connection string' }),
  MQTT_URL: Type.String({ minLength: 1, description: 'mqtt:// or mqtts:// broker URL' }),
  REALTIME_ENGINE_KEY: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'masar', description: 'one leader per key (one per agency); the api readers follow the same key' }),
  REALTIME_MQTT_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'the engine\'s persistent session; the same in every instance and release. Default: masar-realtime-{key}' })),
  MQTT_USERNAME: Type.Optional(Type.String()),
  MQTT_PASSWORD: Type.Optional(Type.String()),
  MQTT_PROTOCOL_VERSION: Type.Unsafe<4 | 5>({ type: 'integer', enum: [4, 5], default: 5 }),
  MQTT_TOPIC_FILTER: Type.String({ minLength: 1, default: POSITION_TOPIC_FILTER }),
  ...PingLimitsEnv, // INGEST_MAX_FUTURE_S, INGEST_MAX_SPEED_MPS, POSITIONS_RETENTION_DAYS, INGEST_MAX_BATCH_PINGS, INGEST_VEHICLE_FIXES_*: the pings ingest refuses, the engine refuses
  REALTIME_SESSION_EXPIRY_S: Type.Integer({ minimum: 60, default: 86_400, description: 'how long the broker queues pings for the engine while no leader runs (MQTT 5)' }),
  REALTIME_LEADER_ELECTION: Type.Unsafe<'advisory-lock' | 'single'>({ type: 'string', enum: ['advisory-lock', 'single'], default: 'advisory-lock', description: 'single: this is the only instance (embedded mode)' }),
  REALTIME_LEADER_RETRY_MS: Type.Integer({ minimum: 100, maximum: 10_000, default: 2000, description: 'how often a standby tries to take the lead' }),
  REALTIME_PUBLISH_INTERVAL_MS: Type.Integer({ minimum: 100, default: 1000 }),
  REALTIME_FEED_CHECK_INTERVAL_MS: Type.Integer({ minimum: 500, default: 5000, description: 'how often the engine looks for a newly activated GTFS feed' }),
  REALTIME_CLOCK_OFFSET_MS: Type.Integer({ default: 0, description: 'runs the engine on a clock this far from the real one (demos and replays of another hour); 0 in production' }),
  REALTIME_HTTP_HOST: Type.String({ default: '127.0.0.1' }),
  REALTIME_HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8081, description: '/healthz, /readyz, /metrics' }),
  STALE_AFTER_S: Type.Integer({ minimum: 1, default: 60 }),
  OFFLINE_AFTER_S: Type.Integer({ minimum: 1, default: 300 }),
  FEED_MIN_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
  REBUILD_WINDOW_S: Type.Integer({ minimum: 60, default: 3600 }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  LOG_LEVEL: Type.Unsafe<'debug' | 'info' | 'warn' | 'error'>({ type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' }),
})

export interface RealtimeConfig {
  engineKey: string
  db: { url: string; poolMax: number }
  mqtt: { url: string; clientId: string; username?: string; password?: string; protocolVersion: 4 | 5; topicFilter: string; sessionExpiryS: number }
  election: 'advisory-lock' | 'single'
  leaderRetryMs: number
  publishIntervalMs: number
  /** The state is sent again at least this often, even when nothing moved (health and predictions move with time). */
  stateMaxAgeMs: number
  feedCheckIntervalMs: number
  predictionTickMs?: number
  http: { host: string; port: number }
  clockOffsetMs: number
  fleet: { staleAfterMs: number; offlineAfterMs: number; rebuildWindowMs: number }
  pings: ConfiguredPingLimits
  /** Each vehicle's rate, as ingest's: a flooding tracker moves its bus no more than ingest stores its fixes. */
  vehicleRate: VehicleRateLimitOptions
  feeds: { minIntervalMs: number }
  log: { level: 'debug' | 'info' | 'warn' | 'error' }
}

/** Parses the realtime engine's environment once; every bad variable is named in one error. */
export function loadRealtimeConfig(env: Record<string, string | undefined>): RealtimeConfig {
  let e: Static<typeof RealtimeEnv>
  try {
    e = envSchema<Static<typeof RealtimeEnv>>({ schema: RealtimeEnv, data: env, env: false })
  } catch (err) {
    throw new ConfigError(`Invalid realtime engine configuration: ${(err as Error).message}`, { cause: err })
  }
  if (e.OFFLINE_AFTER_S <= e.STALE_AFTER_S) throw new ConfigError('Invalid realtime engine configuration: OFFLINE_AFTER_S must be more than STALE_AFTER_S')
  return {
    engineKey: e.REALTIME_ENGINE_KEY,
    db: { url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX },
    mqtt: {
      url: e.MQTT_URL, clientId: e.REALTIME_MQTT_CLIENT_ID ?? `masar-realtime-${e.REALTIME_ENGINE_KEY}`, username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD,
      protocolVersion: e.MQTT_PROTOCOL_VERSION, topicFilter: e.MQTT_TOPIC_FILTER, sessionExpiryS: e.REALTIME_SESSION_EXPIRY_S,
    },
    election: e.REALTIME_LEADER_ELECTION,
    leaderRetryMs: e.REALTIME_LEADER_RETRY_MS,
    publishIntervalMs: e.REALTIME_PUBLISH_INTERVAL_MS,
    stateMaxAgeMs: 5000,
    feedCheckIntervalMs: e.REALTIME_FEED_CHECK_INTERVAL_MS,
    http: { host: e.REALTIME_HTTP_HOST, port: e.REALTIME_HTTP_PORT },
    clockOffsetMs: e.REALTIME_CLOCK_OFFSET_MS,
    fleet: { staleAfterMs: e.STALE_AFTER_S * 1000, offlineAfterMs: e.OFFLINE_AFTER_S * 1000, rebuildWindowMs: e.REBUILD_WINDOW_S * 1000 },
    pings: toPingLimits(e),
    vehicleRate: toVehicleRate(e),
    feeds: { minIntervalMs: e.FEED_MIN_INTERVAL_MS },
    log: { level: e.LOG_LEVEL },
  }
}

/** How the configured instance takes part in leader election. */
export function leaderElectionOf(config: RealtimeConfig): import('./leader-election.js').LeaderElection {
  return config.election === 'single' ? { kind: 'single' } : { kind: 'advisory-lock', connectionString: config.db.url, key: config.engineKey, retryMs: config.leaderRetryMs }
}
