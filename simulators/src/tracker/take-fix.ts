import type { PingPayload } from '@masar/model/telemetry/ping'
import { measurePosition } from './gps-noise.js'
import type { Random } from './random.js'
import type { TrackerProfile, TruePosition } from './tracker.js'

/** How a tracker writes `ts`: both are allowed by the wire contract. */
export type TimestampFormat = 'iso' | 'epoch_ms'

/** Doppler speed and course from a GNSS receiver are good to a few tenths of a m/s and a few degrees. */
const SPEED_NOISE_MPS = 0.2
const BEARING_NOISE_DEG = 2

const round = (value: number, decimals: number): number => {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

export function formatTimestamp(epochMs: number, format: TimestampFormat): string | number {
  return format === 'iso' ? new Date(epochMs).toISOString() : Math.round(epochMs)
}

/** The ping a tracker writes for the bus's true state: its own clock, its receiver's errors, its counters. */
export function takeFix(truth: TruePosition, profile: TrackerProfile & { timestampFormat: TimestampFormat }, seq: number, random: Random): PingPayload {
  const position = measurePosition(truth, profile, random)
  const speed = Math.max(0, truth.speedMps + SPEED_NOISE_MPS * random.normal())
  const bearing = (((truth.bearingDeg + BEARING_NOISE_DEG * random.normal()) % 360) + 360) % 360
  const ping: PingPayload = {
    ts: formatTimestamp(truth.atMs + profile.clockSkewMs, profile.timestampFormat),
    lat: round(position.lat, 6),
    lon: round(position.lon, 6),
    speed: round(speed, 2),
    bearing: round(bearing, 1),
    accuracy: round(profile.gpsNoiseM * (0.8 + 0.6 * random.next()), 1),
    odometer: Math.max(0, Math.round(truth.odometerM)),
    seq,
  }
  if (truth.tripId !== null) ping.tripId = truth.tripId
  if (truth.routeId !== null) ping.routeId = truth.routeId
  return ping
}
