import { haversineM } from '@masar/model/geo/polyline'
import { parsePositionMessage, type ParsedPositionMessage } from '@masar/model/telemetry/parse-position-message'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { REJECT_REASONS, SOURCE_REJECT_REASONS, type RejectReason } from '@masar/model/telemetry/reject-reasons'
import { formatPositionTopic, POSITION_TOPIC_FILTER } from '@masar/model/telemetry/topics'
import { describe, expect, it } from 'vitest'
import { TRACKER_REJECT_REASONS } from './bad-publications.js'
import { METRES_PER_DEGREE_LAT, offsetByMetres } from './gps-noise.js'
import { createRandom, forkRandom } from './random.js'
import { profileFor } from './tracker-profiles.js'
import { Tracker, type Publication, type TrackerProfile, type TruePosition } from './tracker.js'

const START_MS = Date.parse('2026-11-23T05:00:00Z')
const CENTRE = { lat: 31.95, lon: 35.91 }
const CIRCLE_RADIUS_M = 2000
const SPEED_MPS = 10
const VEHICLE = 'bus-7'

/** A bus going clockwise round a 2 km circle in Amman at 10 m/s. */
function truthAt(tick: number, vehicleId = VEHICLE, stepS = 1): TruePosition {
  const odometerM = tick * stepS * SPEED_MPS
  const angle = odometerM / CIRCLE_RADIUS_M
  const place = offsetByMetres(CENTRE.lat, CENTRE.lon, CIRCLE_RADIUS_M * Math.sin(angle), CIRCLE_RADIUS_M * Math.cos(angle))
  const bearingDeg = ((angle * 180) / Math.PI + 90) % 360
  return { vehicleId, atMs: START_MS + tick * stepS * 1000, ...place, speedMps: SPEED_MPS, bearingDeg, tripId: 'T1', routeId: 'R5', odometerM }
}

const STEADY: TrackerProfile = {
  agencyId: 'gam', reportIntervalS: 10, gpsNoiseM: 5, outlierRate: 0, clockSkewMs: 0,
  dropoutRatePerHour: 0, dropoutDurationS: [30, 600], badPingRate: 0, timestampFormat: 'iso',
}

interface Run {
  tracker: Tracker
  publications: Publication[]
  truthByMs: Map<number, TruePosition>
  onlineByMs: Map<number, boolean>
}

function runTracker(profile: Partial<TrackerProfile>, ticks: Iterable<number>, options: { seed?: string; truth?: (tick: number) => TruePosition } = {}): Run {
  const tracker = new Tracker(VEHICLE, { ...STEADY, ...profile }, createRandom(options.seed ?? 'tracker-test'))
  const run: Run = { tracker, publications: [], truthByMs: new Map(), onlineByMs: new Map() }
  for (const tick of ticks) {
    const truth = (options.truth ?? truthAt)(tick)
    run.truthByMs.set(truth.atMs, truth)
    run.publications.push(...tracker.observe(truth))
    run.onlineByMs.set(truth.atMs, tracker.online)
  }
  return run
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
const encoder = new TextEncoder()

/** What ingest makes of a publication received at its publish time. */
const ingest = (publication: Publication): ParsedPositionMessage =>
  parsePositionMessage(publication.topic, encoder.encode(publication.payload), { ...DEFAULT_PING_LIMITS, nowMs: publication.atMs })

const isGood = (publication: Publication) => publication.kind !== 'bad'

/** Every good publication's pings, as ingest accepts them (it must accept all of them). */
function acceptedPings(publications: readonly Publication[]) {
  const refused: string[] = []
  const pings = publications.filter(isGood).flatMap((publication) => {
    const result = ingest(publication)
    if (result.rejections.length > 0 || result.pings.length !== publication.pings) refused.push(publication.payload.slice(0, 300))
    return result.pings
  })
  expect(refused).toEqual([])
  return pings
}

describe('Tracker reporting', () => {
  it('publishes the same messages for the same seed and truth', () => {
    const noisy: Partial<TrackerProfile> = { outlierRate: 0.05, dropoutRatePerHour: 6, dropoutDurationS: [30, 90], badPingRate: 0.05, reportIntervalS: 5 }
    const first = runTracker(noisy, range(0, 7200), { seed: 'same' }).publications
    expect(runTracker(noisy, range(0, 7200), { seed: 'same' }).publications).toEqual(first)
    expect(runTracker(noisy, range(0, 7200), { seed: 'other' }).publications).not.toEqual(first)
    expect(new Set(first.map((p) => p.kind))).toEqual(new Set(['position', 'batch', 'bad']))
  })

  it('reports every interval from a random first phase, on its /position topic', () => {
    const { publications } = runTracker({ reportIntervalS: 10 }, range(0, 3600))
    expect(publications.length).toBeGreaterThanOrEqual(359)
    expect(publications[0]!.atMs - START_MS).toBeLessThanOrEqual(10_000) // the first tick at or after the phase
    for (let i = 1; i < publications.length; i++) expect(publications[i]!.atMs - publications[i - 1]!.atMs).toBe(10_000)
    for (const publication of publications) expect(publication).toMatchObject({ kind: 'position', pings: 1, topic: 'masar/v1/gam/vehicles/bus-7/position' })
    const phases = new Set(range(0, 20).map((seed) => runTracker({ reportIntervalS: 30 }, range(0, 30), { seed: `phase-${seed}` }).publications[0]!.atMs))
    expect(phases.size).toBeGreaterThan(10)
  })

  it('reports once, not a burst, after a long gap between observations (bus off duty)', () => {
    const { publications } = runTracker({ reportIntervalS: 10 }, [...range(0, 60), ...range(3600, 3660)])
    const afterGap = publications.filter((p) => p.atMs >= START_MS + 3600_000)
    expect(afterGap[0]!.atMs).toBe(START_MS + 3600_000)
    for (let i = 1; i < afterGap.length; i++) expect(afterGap[i]!.atMs - afterGap[i - 1]!.atMs).toBe(10_000)
  })

  it.each(['iso', 'epoch_ms'] as const)('writes ts (%s) as true time plus its clock skew, and every field ingest knows', (timestampFormat) => {
    const run = runTracker({ reportIntervalS: 5, clockSkewMs: -1234, timestampFormat }, range(0, 600))
    for (const publication of run.publications) expect(typeof (JSON.parse(publication.payload) as { ts: unknown }).ts).toBe(timestampFormat === 'iso' ? 'string' : 'number')
    const pings = acceptedPings(run.publications)
    pings.forEach((ping, index) => {
      const truth = run.truthByMs.get(ping.recordedAtMs + 1234)!
      expect(truth).toBeDefined()
      expect(ping).toMatchObject({ agencyId: 'gam', vehicleId: VEHICLE, tripId: 'T1', routeId: 'R5', odometerM: Math.round(truth.odometerM), seq: index })
      expect(Math.abs(ping.speedMps! - SPEED_MPS)).toBeLessThan(1.5)
      expect(Math.abs(((ping.bearingDeg! - truth.bearingDeg + 540) % 360) - 180)).toBeLessThan(10)
      expect(ping.accuracyM!).toBeGreaterThan(0)
    })
  })
})

describe('GPS error', () => {
  /** Each fix's error east and north of the truth, in metres. */
  function errorsOf(run: Run) {
    return acceptedPings(run.publications).map((ping) => {
      const truth = run.truthByMs.get(ping.recordedAtMs)!
      return {
        eastM: (ping.lon - truth.lon) * METRES_PER_DEGREE_LAT * Math.cos((truth.lat * Math.PI) / 180),
        northM: (ping.lat - truth.lat) * METRES_PER_DEGREE_LAT,
        distanceM: haversineM(truth.lat, truth.lon, ping.lat, ping.lon),
      }
    })
  }

  it('is centred on the truth with gpsNoiseM standard deviation on each axis', () => {
    const errors = errorsOf(runTracker({ reportIntervalS: 1, gpsNoiseM: 5 }, range(0, 20_000)))
    expect(errors.length).toBeGreaterThanOrEqual(19_999)
    for (const axis of ['eastM', 'northM'] as const) {
      const values = errors.map((e) => e[axis])
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      const rms = Math.sqrt(values.reduce((a, b) => a + b * b, 0) / values.length)
      expect(Math.abs(mean)).toBeLessThan(0.15) // 4 standard errors: 5 m / √20000 = 0.035 m
      expect(rms).toBeGreaterThan(4.8)
      expect(rms).toBeLessThan(5.2)
    }
    expect(Math.max(...errors.map((e) => e.distanceM))).toBeLessThan(40)
  })

  it('throws outliers 80–400 m off at the configured rate', () => {
    const errors = errorsOf(runTracker({ reportIntervalS: 1, gpsNoiseM: 5, outlierRate: 0.01 }, range(0, 50_000)))
    const outliers = errors.filter((e) => e.distanceM > 60)
    expect(outliers.length).toBeGreaterThan(400) // expected 500, standard deviation 22
    expect(outliers.length).toBeLessThan(600)
    for (const outlier of outliers) expect(outlier.distanceM).toBeLessThan(440)
  })
})

describe('connectivity dropouts', () => {
  it('publishes nothing while offline, then the buffered fixes in order as one /positions batch', () => {
    const run = runTracker({ reportIntervalS: 5, dropoutRatePerHour: 2, dropoutDurationS: [120, 300] }, range(0, 6 * 3600))
    const { publications } = run
    const batchIndexes = range(0, publications.length).filter((i) => publications[i]!.kind === 'batch')
    expect(batchIndexes.length).toBeGreaterThanOrEqual(4)
    for (const index of batchIndexes) {
      const batch = publications[index]!
      const before = publications[index - 1]!
      expect(batch.topic).toBe(formatPositionTopic('gam', VEHICLE, 'positions'))
      expect(batch.atMs - before.atMs).toBeGreaterThanOrEqual(120_000)
      expect(batch.atMs - before.atMs).toBeLessThanOrEqual(306_000)
      expect(run.onlineByMs.get(batch.atMs - 1000)).toBe(false)
      const [lastBefore] = acceptedPings([before]).slice(-1)
      const buffered = acceptedPings([batch])
      expect(buffered.map((p) => p.recordedAtMs)).toEqual(range(1, batch.pings + 1).map((k) => lastBefore!.recordedAtMs + k * 5000))
      expect(batch.atMs - buffered[buffered.length - 1]!.recordedAtMs).toBeLessThanOrEqual(5000)
    }
    expect(acceptedPings(publications).map((p) => p.seq)).toEqual(range(0, acceptedPings(publications).length))
  })

  it('drops at the configured rate per hour of service', () => {
    let dropouts = 0
    let onlineHours = 0
    for (const seed of range(0, 100)) {
      const run = runTracker({ reportIntervalS: 10, dropoutRatePerHour: 4, dropoutDurationS: [30, 60] }, range(0, 900), {
        seed: `rate-${seed}`,
        truth: (tick) => truthAt(tick, VEHICLE, 10),
      })
      dropouts += run.publications.filter((p) => p.kind === 'batch').length
      onlineHours += ([...run.onlineByMs.values()].filter(Boolean).length * 10) / 3600
    }
    const expected = 4 * onlineHours // about 950 over 100 trackers × 2.5 h, standard deviation 31
    expect(dropouts).toBeGreaterThan(expected * 0.88)
    expect(dropouts).toBeLessThan(expected * 1.12)
  })

  it('splits a long outage into batches of at most 2,000 pings', () => {
    const { publications } = runTracker({ reportIntervalS: 1, dropoutRatePerHour: 3600, dropoutDurationS: [2600, 2600] }, range(0, 2700))
    const firstBatchAt = publications.find((p) => p.kind === 'batch')!.atMs
    const batches = publications.filter((p) => p.kind === 'batch' && p.atMs === firstBatchAt)
    expect(batches.map((b) => b.pings)[0]).toBe(DEFAULT_PING_LIMITS.maxBatchPings)
    expect(batches).toHaveLength(2)
    expect(batches[1]!.pings).toBeGreaterThan(550)
    const seqs = acceptedPings(batches).map((p) => p.seq!)
    expect(seqs).toEqual(range(seqs[0]!, seqs[0]! + seqs.length))
  })

  it('splits a batch that would pass 512 KiB', () => {
    const longIds = (tick: number) => ({ ...truthAt(tick), tripId: 'T'.repeat(255), routeId: 'R'.repeat(255) })
    const { publications } = runTracker({ reportIntervalS: 1, dropoutRatePerHour: 3600, dropoutDurationS: [900, 900] }, range(0, 1000), { truth: longIds })
    const firstBatchAt = publications.find((p) => p.kind === 'batch')!.atMs
    const batches = publications.filter((p) => p.kind === 'batch' && p.atMs === firstBatchAt)
    expect(batches.length).toBeGreaterThanOrEqual(2)
    for (const batch of batches) expect(Buffer.byteLength(batch.payload)).toBeLessThanOrEqual(DEFAULT_PING_LIMITS.maxBatchBytes)
    expect(acceptedPings(batches).length).toBeGreaterThanOrEqual(899)
  })

  it('uploads what is still buffered when the run ends', () => {
    const offline = runTracker({ reportIntervalS: 1, dropoutRatePerHour: 3600, dropoutDurationS: [10_000, 10_000] }, range(0, 100))
    expect(offline.tracker.online).toBe(false)
    const flushed = offline.tracker.flush(START_MS + 100_000)
    expect(flushed.map((p) => p.kind)).toEqual(['batch'])
    const all = acceptedPings([...offline.publications, ...flushed])
    expect(all.map((p) => p.seq)).toEqual(range(0, all.length))
    expect(all.length).toBeGreaterThanOrEqual(99)
    expect(offline.tracker.flush(START_MS + 101_000)).toEqual([])
    expect(runTracker({}, range(0, 100)).tracker.flush(START_MS + 100_000)).toEqual([])
  })
})

describe('bad publications', () => {
  it('covers every reject reason a Masar tracker can cause (all but storage_rejected, rate_limited and the other sources\' own)', () => {
    expect([...TRACKER_REJECT_REASONS].sort()).toEqual(REJECT_REASONS.filter((r) => r !== 'storage_rejected' && r !== 'rate_limited' && !SOURCE_REJECT_REASONS.includes(r)).sort())
  })

  it('come at badPingRate, each in addition to a good publication, reasons in turn', () => {
    const { publications } = runTracker({ reportIntervalS: 1, badPingRate: 0.01 }, range(0, 100_000))
    const good = publications.filter(isGood)
    const bad = publications.filter((p) => !isGood(p))
    expect(good.length).toBeGreaterThanOrEqual(99_999)
    expect(bad.length / good.length).toBeGreaterThan(0.0085) // expected 1,000, standard deviation 31
    expect(bad.length / good.length).toBeLessThan(0.0115)
    publications.forEach((p, i) => {
      if (p.kind === 'bad') expect(publications[i - 1]).toMatchObject({ kind: 'position', atMs: p.atMs })
    })
    const reasons = bad.map((p) => p.expectedReject!)
    const offset = TRACKER_REJECT_REASONS.indexOf(reasons[0] as (typeof TRACKER_REJECT_REASONS)[number])
    expect(reasons).toEqual(reasons.map((_, i) => TRACKER_REJECT_REASONS[(offset + i) % TRACKER_REJECT_REASONS.length]))
  })

  it('are refused by the real ingest parser with exactly their expected reason, and the good ones accepted', () => {
    const root = createRandom('fleet-of-trackers')
    const publications: Publication[] = []
    for (const index of range(0, 20)) {
      const vehicleId = `bus-${String(index).padStart(3, '0')}`
      const random = forkRandom(root, `tracker:${vehicleId}`)
      const profile = profileFor(vehicleId, { agencyId: 'gam', reportIntervalS: 1, badPingRate: 0.02, dropoutRatePerHour: 3, dropoutDurationS: [30, 120] }, random)
      const tracker = new Tracker(vehicleId, profile, random)
      for (const tick of range(0, 3000)) publications.push(...tracker.observe(truthAt(tick, vehicleId)))
      publications.push(...tracker.flush(START_MS + 3000_000))
    }
    const failures: string[] = []
    const seen = new Map<RejectReason, number>()
    for (const publication of publications) {
      const levels = publication.topic.split('/')
      if (levels.length !== 6 || levels[0] !== 'masar' || levels[1] !== 'v1' || levels[3] !== 'vehicles' || /[+#]/.test(publication.topic)) {
        failures.push(`not matched by ${POSITION_TOPIC_FILTER}: ${publication.topic}`)
      }
      const result = ingest(publication)
      if (publication.kind === 'bad') {
        seen.set(publication.expectedReject!, (seen.get(publication.expectedReject!) ?? 0) + 1)
        const reasons = result.rejections.map((r) => r.reason)
        if (result.pings.length > 0 || reasons.length !== 1 || reasons[0] !== publication.expectedReject) {
          failures.push(`${publication.expectedReject} refused as [${reasons.join(', ')}]: ${publication.topic} ${publication.payload.slice(0, 300)}`)
        }
      } else if (result.rejections.length > 0 || result.pings.length !== publication.pings) {
        failures.push(`good ${publication.kind} refused (${result.rejections.map((r) => r.reason).join(', ')}): ${publication.payload.slice(0, 300)}`)
      }
    }
    expect(failures).toEqual([])
    expect(publications.some((p) => p.kind === 'batch')).toBe(true)
    expect([...seen.keys()].sort()).toEqual([...TRACKER_REJECT_REASONS].sort())
    for (const count of seen.values()) expect(count).toBeGreaterThan(50)
  })
})
