import { Type, type Static, type TObject } from '@sinclair/typebox'
import { DEFAULT_PING_LIMITS, type PingLimits } from './ping-limits.js'
import type { VehicleRateLimitOptions } from './vehicle-rate-limit.js'

/**
 * The ping limits as the environment sets them, one fragment for every service that parses the tracker stream:
 * ingest (which stores what passes and keeps the rest as dead letters) and the api (which follows the live fleet)
 * spread it into their env schema, so the same environment refuses the same pings in both. The names stay those
 * ingest has always read.
 */
export const PingLimitsEnv = {
  INGEST_MAX_FUTURE_S: Type.Integer({ minimum: 0, default: DEFAULT_PING_LIMITS.maxFutureMs / 1000, description: 'a fix may be this far ahead of the receive time (tracker clock skew)' }),
  INGEST_MAX_SPEED_MPS: Type.Number({ exclusiveMinimum: 0, default: DEFAULT_PING_LIMITS.maxSpeedMps, description: 'faster reported speeds are refused' }),
  POSITIONS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: DEFAULT_PING_LIMITS.maxAgeMs / 86_400_000, description: 'fixes older than the positions kept are refused' }),
  INGEST_VEHICLE_FIXES_PER_S: Type.Number({ exclusiveMinimum: 0, default: 10, description: 'each vehicle\'s fixes taken per second, on average (a tracker reports every 1–10 s); more are refused as rate_limited' }),
  INGEST_VEHICLE_FIXES_BURST: Type.Integer({ minimum: 1, default: 4000, description: 'fixes a vehicle may send at once above its rate (a tracker back from an outage sends its buffer, in batches of up to 2,000)' }),
  INGEST_MAX_BATCH_PINGS: Type.Integer({ minimum: 1, maximum: DEFAULT_PING_LIMITS.maxBatchPings, default: DEFAULT_PING_LIMITS.maxBatchPings, description: 'a batch message (…/positions) with more fixes is refused whole (payload_too_large)' }),
}

export type PingLimitsEnvValues = Static<TObject<typeof PingLimitsEnv>>

/** Every limit but the clock: what a service's config holds and adds `nowMs` to for each message. */
export type ConfiguredPingLimits = Omit<PingLimits, 'nowMs'>

/** Each vehicle's rate (VehicleRateLimit), from an environment checked against a schema holding PingLimitsEnv. */
export function toVehicleRate(env: PingLimitsEnvValues): VehicleRateLimitOptions {
  return { fixesPerSecond: env.INGEST_VEHICLE_FIXES_PER_S, burst: env.INGEST_VEHICLE_FIXES_BURST }
}

/** The limits of an environment already checked against a schema holding PingLimitsEnv; byte sizes are the defaults. */
export function toPingLimits(env: PingLimitsEnvValues): ConfiguredPingLimits {
  return {
    ...DEFAULT_PING_LIMITS,
    maxFutureMs: env.INGEST_MAX_FUTURE_S * 1000,
    maxAgeMs: env.POSITIONS_RETENTION_DAYS * 86_400_000,
    maxSpeedMps: env.INGEST_MAX_SPEED_MPS,
    maxBatchPings: env.INGEST_MAX_BATCH_PINGS,
  }
}
