import { OCCUPANCY_STATUSES, type OccupancyStatus, type VehiclePing } from './ping.js'
import type { PingLimits } from './ping-limits.js'
import type { RejectReason } from './reject-reasons.js'

export type PingCheck =
  | { ok: true; value: VehiclePing }
  | { ok: false; reason: RejectReason; detail: string }

/**
 * A field that broke the contract. Field readers return the value or one of these; only a failure allocates,
 * because checkPing runs for every ping ingest receives.
 */
class Refusal {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {}

  toCheck(): PingCheck {
    return { ok: false, reason: this.reason, detail: this.detail }
  }
}

const MAX_TEXT_LENGTH = 255
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
/** Epoch values below this are seconds, not milliseconds (this is 1973 in ms, 5138 AD in s). */
const SMALLEST_EPOCH_MS = 1e11
const OCCUPANCIES = new Set<string>(OCCUPANCY_STATUSES)

/** The fix time in epoch milliseconds, from ISO 8601 with a zone or epoch milliseconds. */
function readFixTime(ts: unknown): number | Refusal {
  if (ts === undefined || ts === null) return new Refusal('missing_field', 'ts is required (ISO 8601 with a zone, or epoch milliseconds)')
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return new Refusal('invalid_timestamp', 'ts must be a finite number of epoch milliseconds')
    if (Math.abs(ts) < SMALLEST_EPOCH_MS) return new Refusal('invalid_timestamp', `ts ${ts} looks like epoch seconds; send milliseconds`)
    return Math.round(ts)
  }
  if (typeof ts !== 'string') return new Refusal('wrong_type', `ts must be a string or a number, got ${typeof ts}`)
  if (!ISO_WITH_ZONE.test(ts)) return new Refusal('invalid_timestamp', `ts "${ts.slice(0, 40)}" is not ISO 8601 with a zone (e.g. 2026-11-23T08:15:00+03:00)`)
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return new Refusal('invalid_timestamp', `ts "${ts.slice(0, 40)}" is not a real date`)
  return ms
}

function requiredNumber(value: unknown, name: string): number | Refusal {
  if (value === undefined || value === null) return new Refusal('missing_field', `${name} is required`)
  if (typeof value !== 'number' || !Number.isFinite(value)) return new Refusal('wrong_type', `${name} must be a number`)
  return value
}

function optionalNumber(value: unknown, name: string, min: number, max: number): number | null | Refusal {
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !Number.isFinite(value)) return new Refusal('wrong_type', `${name} must be a number`)
  if (value < min || value > max) return new Refusal('out_of_range', `${name} ${value} is outside ${min}..${max}`)
  return value
}

function optionalText(value: unknown, name: string): string | null | Refusal {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return new Refusal('wrong_type', `${name} must be a string`)
  if (value.length === 0 || value.length > MAX_TEXT_LENGTH) return new Refusal('out_of_range', `${name} must be 1–${MAX_TEXT_LENGTH} characters`)
  if (value.includes('\u0000')) return new Refusal('wrong_type', `${name} must not contain NUL characters`)
  return value
}

function optionalOccupancy(value: unknown): OccupancyStatus | null | Refusal {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return new Refusal('wrong_type', 'occupancy must be a string')
  if (!OCCUPANCIES.has(value)) return new Refusal('out_of_range', `occupancy must be one of ${OCCUPANCY_STATUSES.join(', ')}`)
  return value as OccupancyStatus
}

/** Checks one decoded ping object against the wire contract. Never throws. */
export function checkPing(body: unknown, identity: { agencyId: string; vehicleId: string }, limits: PingLimits): PingCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'wrong_type', detail: 'a ping must be a JSON object' }
  const fields = body as Record<string, unknown>
  const fixMs = readFixTime(fields.ts)
  if (fixMs instanceof Refusal) return fixMs.toCheck()
  const lat = requiredNumber(fields.lat, 'lat')
  if (lat instanceof Refusal) return lat.toCheck()
  const lon = requiredNumber(fields.lon, 'lon')
  if (lon instanceof Refusal) return lon.toCheck()
  if (lat < -90 || lat > 90) return { ok: false, reason: 'out_of_range', detail: `lat ${lat} is outside -90..90` }
  if (lon < -180 || lon > 180) return { ok: false, reason: 'out_of_range', detail: `lon ${lon} is outside -180..180` }
  if (lat === 0 && lon === 0) return { ok: false, reason: 'null_island', detail: 'lat 0, lon 0 is a tracker without a GPS fix' }
  const ageMs = limits.nowMs - fixMs
  if (-ageMs > limits.maxFutureMs) {
    return { ok: false, reason: 'future_timestamp', detail: `ts is ${Math.round(-ageMs / 1000)} s ahead of the receive time (limit ${limits.maxFutureMs / 1000} s)` }
  }
  if (ageMs > limits.maxAgeMs) {
    return { ok: false, reason: 'stale_timestamp', detail: `ts is ${Math.round(ageMs / 3600_000)} h old, older than the ${Math.round(limits.maxAgeMs / 3600_000)} h retention window` }
  }
  const speedMps = optionalNumber(fields.speed, 'speed', 0, Number.MAX_VALUE)
  if (speedMps instanceof Refusal) return speedMps.toCheck()
  if (speedMps !== null && speedMps > limits.maxSpeedMps) {
    return { ok: false, reason: 'impossible_speed', detail: `speed ${speedMps} m/s is above the ${limits.maxSpeedMps} m/s limit` }
  }
  const bearingDeg = optionalNumber(fields.bearing, 'bearing', 0, 360)
  if (bearingDeg instanceof Refusal) return bearingDeg.toCheck()
  const accuracyM = optionalNumber(fields.accuracy, 'accuracy', 0, 100_000)
  if (accuracyM instanceof Refusal) return accuracyM.toCheck()
  const odometerM = optionalNumber(fields.odometer, 'odometer', 0, Number.MAX_VALUE)
  if (odometerM instanceof Refusal) return odometerM.toCheck()
  const seq = optionalNumber(fields.seq, 'seq', 0, Number.MAX_SAFE_INTEGER)
  if (seq instanceof Refusal) return seq.toCheck()
  if (seq !== null && !Number.isInteger(seq)) return { ok: false, reason: 'wrong_type', detail: 'seq must be an integer' }
  const tripId = optionalText(fields.tripId, 'tripId')
  if (tripId instanceof Refusal) return tripId.toCheck()
  const routeId = optionalText(fields.routeId, 'routeId')
  if (routeId instanceof Refusal) return routeId.toCheck()
  const occupancy = optionalOccupancy(fields.occupancy)
  if (occupancy instanceof Refusal) return occupancy.toCheck()
  return {
    ok: true,
    value: {
      agencyId: identity.agencyId, vehicleId: identity.vehicleId, recordedAtMs: fixMs, lat, lon,
      speedMps, bearingDeg, accuracyM, odometerM, tripId, routeId, occupancy, seq,
    },
  }
}
