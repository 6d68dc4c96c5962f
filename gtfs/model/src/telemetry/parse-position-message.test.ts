import { describe, expect, it } from 'vitest'
import { parsePositionMessage } from './parse-position-message.js'
import { DEFAULT_PING_LIMITS, type PingLimits } from './ping-limits.js'
import type { RejectReason } from './reject-reasons.js'

const nowMs = Date.parse('2026-11-23T08:00:00Z')
const limits: PingLimits = { ...DEFAULT_PING_LIMITS, nowMs }
const topic = 'masar/v1/gam/vehicles/bus-7/position'
const batchTopic = 'masar/v1/gam/vehicles/bus-7/positions'
const good = { ts: '2026-11-23T10:59:58+03:00', lat: 31.9539, lon: 35.9106 }
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))

describe('parsePositionMessage', () => {
  it('accepts a full ping and maps every field with its unit', () => {
    const payload = { ...good, speed: 11.5, bearing: 271, accuracy: 4, odometer: 120345.5, tripId: 'T1', routeId: 'R5', occupancy: 'FEW_SEATS_AVAILABLE', seq: 42 }
    const result = parsePositionMessage(topic, bytes(payload), limits)
    expect(result.rejections).toEqual([])
    expect(result.pings).toEqual([{
      agencyId: 'gam', vehicleId: 'bus-7', recordedAtMs: Date.parse('2026-11-23T07:59:58Z'), lat: 31.9539, lon: 35.9106,
      speedMps: 11.5, bearingDeg: 271, accuracyM: 4, odometerM: 120345.5, tripId: 'T1', routeId: 'R5', occupancy: 'FEW_SEATS_AVAILABLE', seq: 42,
    }])
  })

  it('accepts epoch milliseconds and leaves absent optional fields null', () => {
    const result = parsePositionMessage(topic, bytes({ ts: nowMs - 5000, lat: 31.95, lon: 35.91 }), limits)
    expect(result.pings[0]).toMatchObject({ recordedAtMs: nowMs - 5000, speedMps: null, tripId: null, seq: null })
  })

  const badPayloads: Array<[string, string | Uint8Array | object, RejectReason]> = [
    ['not JSON', '{"ts": 1, lat:', 'malformed_json'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'malformed_json'],
    ['an array on /position', [good], 'wrong_type'],
    ['a string', '"hello"', 'wrong_type'],
    ['no ts', { lat: 31.9, lon: 35.9 }, 'missing_field'],
    ['no lat', { ts: good.ts, lon: 35.9 }, 'missing_field'],
    ['no lon', { ts: good.ts, lat: 31.9 }, 'missing_field'],
    ['lat as a string', { ...good, lat: '31.9' }, 'wrong_type'],
    ['ts as a boolean', { ...good, ts: true }, 'wrong_type'],
    ['speed as a string', { ...good, speed: 'fast' }, 'wrong_type'],
    ['tripId as a number', { ...good, tripId: 7 }, 'wrong_type'],
    ['seq not an integer', { ...good, seq: 1.5 }, 'wrong_type'],
    ['NUL in tripId', { ...good, tripId: 'a\u0000b' }, 'wrong_type'],
    ['ts without a zone', { ...good, ts: '2026-11-23T10:59:58' }, 'invalid_timestamp'],
    ['ts not a date', { ...good, ts: '2026-13-45T99:00:00Z' }, 'invalid_timestamp'],
    ['ts in epoch seconds', { ...good, ts: Math.floor(nowMs / 1000) }, 'invalid_timestamp'],
    ['lat above 90', { ...good, lat: 91 }, 'out_of_range'],
    ['lon below -180', { ...good, lon: -180.5 }, 'out_of_range'],
    ['bearing 400', { ...good, bearing: 400 }, 'out_of_range'],
    ['negative speed', { ...good, speed: -1 }, 'out_of_range'],
    ['unknown occupancy', { ...good, occupancy: 'PACKED' }, 'out_of_range'],
    ['0/0', { ...good, lat: 0, lon: 0 }, 'null_island'],
    ['3 min in the future', { ...good, ts: new Date(nowMs + 180_000).toISOString() }, 'future_timestamp'],
    ['31 days old', { ...good, ts: new Date(nowMs - 31 * 86_400_000).toISOString() }, 'stale_timestamp'],
    ['speed 70 m/s', { ...good, speed: 70 }, 'impossible_speed'],
    ['over 4 KiB', { ...good, tripId: 'x'.repeat(200), pad: 'y'.repeat(4100) }, 'payload_too_large'],
  ]

  it.each(badPayloads)('refuses %s', (_name, payload, reason) => {
    const raw = payload instanceof Uint8Array ? payload : bytes(payload)
    const result = parsePositionMessage(topic, raw, limits)
    expect(result.pings).toEqual([])
    expect(result.rejections).toHaveLength(1)
    expect(result.rejections[0]?.reason).toBe(reason)
    expect(result.rejections[0]?.payload).toEqual(raw)
  })

  it('allows up to 2 minutes of tracker clock skew ahead', () => {
    const result = parsePositionMessage(topic, bytes({ ...good, ts: new Date(nowMs + 110_000).toISOString() }), limits)
    expect(result.pings).toHaveLength(1)
  })

  it('refuses a bad topic before reading the payload', () => {
    const result = parsePositionMessage('masar/v1/gam/vehicles/bad id/position', bytes(good), limits)
    expect(result.rejections.map((r) => r.reason)).toEqual(['invalid_vehicle_id'])
  })

  it('keeps the good pings of a batch and refuses each bad one on its own', () => {
    const batch = [good, { ...good, lat: 0, lon: 0 }, { ...good, ts: new Date(nowMs - 1000).toISOString() }, { lat: 1 }]
    const result = parsePositionMessage(batchTopic, bytes(batch), limits)
    expect(result.pings).toHaveLength(2)
    expect(result.rejections.map((r) => r.reason)).toEqual(['null_island', 'missing_field'])
    expect(new TextDecoder().decode(result.rejections[1]?.payload)).toBe('{"lat":1}')
  })

  it('refuses a batch that is not an array, or too long', () => {
    expect(parsePositionMessage(batchTopic, bytes(good), limits).rejections[0]?.reason).toBe('wrong_type')
    const tooMany = Array.from({ length: 3 }, () => good)
    expect(parsePositionMessage(batchTopic, bytes(tooMany), { ...limits, maxBatchPings: 2 }).rejections[0]?.reason).toBe('payload_too_large')
  })

  it('allows a batch above the single-ping size limit', () => {
    const batch = Array.from({ length: 120 }, (_, i) => ({ ...good, ts: nowMs - i * 1000 }))
    const raw = bytes(batch)
    expect(raw.byteLength).toBeGreaterThan(4096)
    expect(parsePositionMessage(batchTopic, raw, limits).pings).toHaveLength(120)
  })
})
