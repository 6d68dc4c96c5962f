import { createRandom } from '@masar/model/random/seeded-random'
import { formatPositionTopic, TOPIC_ROOT } from '@masar/model/telemetry/topics'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'

/**
 * Malformed and hostile tracker messages for the fault tests, each with the reason ingest must count it under:
 * random bytes, oversized payloads, deeply nested JSON, NaN/Infinity, wrong types, SQL and script injection and
 * unicode tricks in the ids of the topic, spoofed topics, impossible values. Deterministic (seeded).
 */
export interface HostileMessage {
  kind: string
  topic: string
  payload: Buffer
  reason: RejectReason
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

/** One hostile message of each kind in turn, `count` in all, for the agency; `nowMs` dates the ones that need a time. */
export function hostileMessages(agencyId: string, count: number, nowMs: number, seed = 1): HostileMessage[] {
  const next = createRandom(seed)
  const fix = (i: number) => ({ ts: nowMs - 5_000, lat: 31.95 + (i % 100) / 10_000, lon: 35.91, speed: 8 })
  const topic = (i: number) => formatPositionTopic(agencyId, `hostile-${i % 500}`)
  const kinds: Array<(i: number) => Omit<HostileMessage, 'kind'>> = [
    (i) => ({ topic: topic(i), reason: 'malformed_json', payload: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Array.from({ length: 1 + Math.floor(next() * 200) }, () => Math.floor(next() * 256)))]) }),
    (i) => ({ topic: topic(i), reason: 'payload_too_large', payload: json({ ...fix(i), pad: 'x'.repeat(8_000) }) }),
    (i) => ({ topic: topic(i), reason: 'wrong_type', payload: Buffer.from(`${'['.repeat(1500)}${']'.repeat(1500)}`) }),
    (i) => ({ topic: topic(i), reason: 'wrong_type', payload: Buffer.from(`{"ts":${nowMs},"lat":${'['.repeat(1000)}31.9${']'.repeat(1000)},"lon":35.9}`) }),
    (i) => ({ topic: topic(i), reason: 'malformed_json', payload: Buffer.from(`{"ts":${nowMs},"lat":NaN,"lon":35.9}`) }),
    (i) => ({ topic: topic(i), reason: 'wrong_type', payload: Buffer.from(`{"ts":${nowMs},"lat":1e999,"lon":35.9}`) }), // Infinity: not a finite number
    (i) => ({ topic: topic(i), reason: 'wrong_type', payload: json({ ...fix(i), lat: '31.95' }) }),
    (i) => ({ topic: topic(i), reason: 'wrong_type', payload: json([fix(i)]) }),
    (i) => ({ topic: topic(i), reason: 'missing_field', payload: json({ lat: 31.95, lon: 35.91 }) }),
    (i) => ({ topic: topic(i), reason: 'invalid_timestamp', payload: json({ ...fix(i), ts: "2026-01-01'; DROP TABLE vehicle_positions; --" }) }),
    (i) => ({ topic: topic(i), reason: 'null_island', payload: json({ ...fix(i), lat: 0, lon: 0 }) }),
    (i) => ({ topic: topic(i), reason: 'future_timestamp', payload: json({ ...fix(i), ts: nowMs + 3600_000 }) }),
    (i) => ({ topic: topic(i), reason: 'stale_timestamp', payload: json({ ...fix(i), ts: nowMs - 400 * 24 * 3600_000 }) }),
    (i) => ({ topic: topic(i), reason: 'impossible_speed', payload: json({ ...fix(i), speed: 1e6 }) }),
    (i) => ({ topic: topic(i), reason: 'out_of_range', payload: json({ ...fix(i), bearing: -1e308 }) }),
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/bus';DROP TABLE vehicles;--${i}/position`, reason: 'invalid_vehicle_id', payload: json(fix(i)) }),
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/<img src=x onerror=alert(${i})>/position`, reason: 'invalid_vehicle_id', payload: json(fix(i)) }),
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/bus-\u202e${i}/position`, reason: 'invalid_vehicle_id', payload: json(fix(i)) }), // right-to-left override
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/bus\u200d-${i}/position`, reason: 'invalid_vehicle_id', payload: json(fix(i)) }), // zero-width joiner
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/b\u0430s-${i}/position`, reason: 'invalid_vehicle_id', payload: json(fix(i)) }), // Cyrillic "а"
    (i) => ({ topic: `${TOPIC_ROOT}/${agencyId}/vehicles/hostile-${i % 500}/status`, reason: 'invalid_topic', payload: json(fix(i)) }),
    (i) => ({ topic: formatPositionTopic(agencyId, `hostile-${i % 500}`, 'positions'), reason: 'wrong_type', payload: json({ not: 'a batch' }) }),
  ]
  return Array.from({ length: count }, (_, i) => {
    const k = i % kinds.length
    return { kind: `kind-${k}`, ...kinds[k]!(i) }
  })
}

/** Text a database must keep as text: SQL and markup in the free-form fields of otherwise valid pings. */
export const INJECTION_STRINGS = ["'); DROP TABLE vehicle_positions; --", '<script>alert("masar")</script>', 'ب\u202eus 1', '1 OR 1=1'] as const
