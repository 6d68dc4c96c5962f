import { OCCUPANCY_STATUSES, type OccupancyStatus, type VehiclePing } from './ping.js'
import type { PingLimits } from './ping-limits.js'
import type { RejectReason } from './reject-reasons.js'

export type PingCheck =
  | { ok: true; value: VehiclePing }
  | { ok: false; reason: RejectReason; detail: string }

type FieldCheck<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; detail: string }

const MAX_TEXT_LENGTH = 255
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
/** Epoch values below this are seconds, not milliseconds (this is 1973 in ms, 5138 AD in s). */
const SMALLEST_EPOCH_MS = 1e11
const OCCUPANCIES = new Set<string>(OCCUPANCY_STATUSES)

function fail<T>(reason: RejectReason, detail: string): FieldCheck<T> {
  return { ok: false, reason, detail }
}

export function parseFixTime(ts: unknown): FieldCheck<number> {
  if (ts === undefined || ts === null) return fail('missing_field', 'ts is required (ISO 8601 with a zone, or epoch milliseconds)')
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return fail('invalid_timestamp', 'ts must be a finite number of epoch milliseconds')
    if (Math.abs(ts) < SMALLEST_EPOCH_MS) return fail('invalid_timestamp', `ts ${ts} looks like epoch seconds; send milliseconds`)
    return { ok: true, value: Math.round(ts) }
  }
  if (typeof ts !== 'string') return fail('wrong_type', `ts must be a string or a number, got ${typeof ts}`)
  if (!ISO_WITH_ZONE.test(ts)) return fail('invalid_timestamp', `ts "${ts.slice(0, 40)}" is not ISO 8601 with a zone (e.g. 2026-11-23T08:15:00+03:00)`)
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return fail('invalid_timestamp', `ts "${ts.slice(0, 40)}" is not a real date`)
  return { ok: true, value: ms }
}

function requiredNumber(body: Record<string, unknown>, name: string): FieldCheck<number> {
  const value = body[name]
  if (value === undefined || value === null) return fail('missing_field', `${name} is required`)
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('wrong_type', `${name} must be a number`)
  return { ok: true, value }
}

function optionalNumber(body: Record<string, unknown>, name: string, min: number, max: number): FieldCheck<number | null> {
  const value = body[name]
  if (value === undefined || value === null) return { ok: true, value: null }
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('wrong_type', `${name} must be a number`)
  if (value < min || value > max) return fail('out_of_range', `${name} ${value} is outside ${min}..${max}`)
  return { ok: true, value }
}

function optionalText(body: Record<string, unknown>, name: string): FieldCheck<string | null> {
  const value = body[name]
  if (value === undefined || value === null) return { ok: true, value: null }
  if (typeof value !== 'string') return fail('wrong_type', `${name} must be a string`)
  if (value.length === 0 || value.length > MAX_TEXT_LENGTH) return fail('out_of_range', `${name} must be 1–${MAX_TEXT_LENGTH} characters`)
  if (value.includes('\u0000')) return fail('wrong_type', `${name} must not contain NUL characters`)
  return { ok: true, value }
}

function optionalOccupancy(body: Record<string, unknown>): FieldCheck<OccupancyStatus | null> {
  const value = body.occupancy
  if (value === undefined || value === null) return { ok: true, value: null }
  if (typeof value !== 'string') return fail('wrong_type', 'occupancy must be a string')
  if (!OCCUPANCIES.has(value)) return fail('out_of_range', `occupancy must be one of ${OCCUPANCY_STATUSES.join(', ')}`)
  return { ok: true, value: value as OccupancyStatus }
}

/** Checks one decoded ping object against the wire contract. Never throws. */
export function checkPing(body: unknown, identity: { agencyId: string; vehicleId: string }, limits: PingLimits): PingCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('wrong_type', 'a ping must be a JSON object')
  const fields = body as Record<string, unknown>
  const fix = parseFixTime(fields.ts)
  if (!fix.ok) return fix
  const lat = requiredNumber(fields, 'lat')
  if (!lat.ok) return lat
  const lon = requiredNumber(fields, 'lon')
  if (!lon.ok) return lon
  if (lat.value < -90 || lat.value > 90) return fail('out_of_range', `lat ${lat.value} is outside -90..90`)
  if (lon.value < -180 || lon.value > 180) return fail('out_of_range', `lon ${lon.value} is outside -180..180`)
  if (lat.value === 0 && lon.value === 0) return fail('null_island', 'lat 0, lon 0 is a tracker without a GPS fix')
  const ageMs = limits.nowMs - fix.value
  if (-ageMs > limits.maxFutureMs) return fail('future_timestamp', `ts is ${Math.round(-ageMs / 1000)} s ahead of the receive time (limit ${limits.maxFutureMs / 1000} s)`)
  if (ageMs > limits.maxAgeMs) return fail('stale_timestamp', `ts is ${Math.round(ageMs / 3600_000)} h old, older than the ${Math.round(limits.maxAgeMs / 3600_000)} h retention window`)
  const speed = optionalNumber(fields, 'speed', 0, Number.MAX_VALUE)
  if (!speed.ok) return speed
  if (speed.value !== null && speed.value > limits.maxSpeedMps) return fail('impossible_speed', `speed ${speed.value} m/s is above the ${limits.maxSpeedMps} m/s limit`)
  const bearing = optionalNumber(fields, 'bearing', 0, 360)
  if (!bearing.ok) return bearing
  const accuracy = optionalNumber(fields, 'accuracy', 0, 100_000)
  if (!accuracy.ok) return accuracy
  const odometer = optionalNumber(fields, 'odometer', 0, Number.MAX_VALUE)
  if (!odometer.ok) return odometer
  const seq = optionalNumber(fields, 'seq', 0, Number.MAX_SAFE_INTEGER)
  if (!seq.ok) return seq
  if (seq.value !== null && !Number.isInteger(seq.value)) return fail('wrong_type', 'seq must be an integer')
  const tripId = optionalText(fields, 'tripId')
  if (!tripId.ok) return tripId
  const routeId = optionalText(fields, 'routeId')
  if (!routeId.ok) return routeId
  const occupancy = optionalOccupancy(fields)
  if (!occupancy.ok) return occupancy
  return {
    ok: true,
    value: {
      agencyId: identity.agencyId,
      vehicleId: identity.vehicleId,
      recordedAtMs: fix.value,
      lat: lat.value,
      lon: lon.value,
      speedMps: speed.value,
      bearingDeg: bearing.value,
      accuracyM: accuracy.value,
      odometerM: odometer.value,
      tripId: tripId.value,
      routeId: routeId.value,
      occupancy: occupancy.value,
      seq: seq.value,
    },
  }
}
