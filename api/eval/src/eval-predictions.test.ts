import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { SHARED_GTFS } from '@masar/gtfs/read/shared-feeds'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { readSiriOperatorPredictions } from '@masar/simulators/replay/siri-operator-predictions'
import { REAL_TRACES } from '@masar/simulators/replay/real-traces'
import { beforeAll, describe, expect, it } from 'vitest'
import { evalPredictions, type EvalResult } from './eval-predictions.js'
import { formatAccuracyTable } from './format-accuracy-table.js'
import { PREDICTIONS_CSV_HEADER, writePredictionsCsv } from './predictions-csv.js'

// A short replay as a test of correctness; the full figures come from `npm run eval:predictions` (README).
const START_MS = Date.parse('2026-11-24T07:00:00+02:00') // a Tuesday, the morning peak
const SHORT_DAY = { kind: 'simulation', seed: 'eval-test', startMs: START_MS, durationS: 40 * 60, vehicles: 60, trainDays: 1 } as const

const rowOf = (result: EvalResult, method: string, bucket: string) => result.table.rows.find((r) => r.method === method && r.bucket === bucket)!

describe('the prediction eval on a simulated morning (60 buses, 40 min, one training day)', () => {
  let schedule: Schedule
  let first: EvalResult
  beforeAll(async () => {
    schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
    first = await evalPredictions({ schedule, source: SHORT_DAY })
  }, 300_000)

  it('scores every method in every horizon bucket against the true arrivals', () => {
    for (const method of ['schedule', 'learned', 'kalman']) {
      for (const bucket of ['0-3', '3-6', '6-10', '10-15', '15-30']) expect(rowOf(first, method, bucket).count, `${method} ${bucket}`).toBeGreaterThan(50)
    }
    expect(first.stopEvents).toBeGreaterThan(500)
    expect(first.outcomes.every((o) => o.lowMs <= o.predictedMs && o.predictedMs <= o.highMs)).toBe(true)
  })

  // The demo timetable is built from the simulator's own running times by hour (issue 20 §5), so here the timetable
  // with the current deviation is already a strong predictor and one 40-minute training day cannot beat it; that
  // learning beats the timetable is asserted on real buses (eval-predictions.real-traces.test.ts), not here.
  it('predicts within two minutes at 5–10 minutes ahead with every method, the timetable a good one', () => {
    for (const method of ['schedule', 'learned', 'kalman'] as const) expect(first.mae5to10S[method]!, method).toBeLessThan(120)
    expect(first.mae5to10S.schedule!).toBeLessThan(60)
  })

  it('gives p10–p90 ranges that hold most arrivals (calibrated from the training day\'s errors)', () => {
    const kalman = first.table.rows.filter((r) => r.method === 'kalman' && r.bucket !== '15-30')
    for (const row of kalman) expect(row.withinRangeShare!).toBeGreaterThan(0.6)
  })

  it('is deterministic: the same seed gives the same scored predictions', async () => {
    const again = await evalPredictions({ schedule, source: SHORT_DAY })
    expect(again.outcomes.length).toBe(first.outcomes.length)
    expect(again.table).toEqual(first.table)
  }, 300_000)

  it('writes every scored prediction as CSV another tool can score', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-eval-'))
    try {
      const path = join(dir, 'predictions.csv')
      await writePredictionsCsv(path, first.outcomes, schedule)
      const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
      expect(lines[0]).toBe(PREDICTIONS_CSV_HEADER)
      expect(lines.length - 1).toBe(first.outcomes.length)
      const [madeAt, tripId, stopId, stopSequence, predicted, method] = lines[1]!.split(',')
      const o = first.outcomes[0]!
      expect([Number(madeAt), tripId, stopId, Number(predicted), method]).toEqual([Math.round(o.madeAtMs / 1000), o.tripId, o.stopId, Math.round(o.predictedMs / 1000), o.method])
      expect(Number(stopSequence)).toBe(schedule.trips.get(o.tripId)!.stopSequences?.[o.stopIndex - 1] ?? o.stopIndex)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('prints the table with the methods side by side and the benchmark score', () => {
    const text = formatAccuracyTable(first.table, first.methods)
    expect(text).toMatch(/6-10 min\s+schedule/)
    expect(text).toMatch(/6-10 min\s+kalman/)
    expect(text).toContain('ETA Accuracy Benchmark score')
  })
})

const BEERSHEVA_GTFS = join(SHARED_GTFS, 'israel-dan-beersheva-2017-07', 'gtfs.zip')
const beershevaMissing = existsSync(REAL_TRACES.beersheva) && existsSync(BEERSHEVA_GTFS) ? null : `SKIPPED: the Be'er Sheva SIRI trace or its GTFS is not in ../shared (${REAL_TRACES.beersheva})`
if (beershevaMissing) console.warn(beershevaMissing)

describe.skipIf(beershevaMissing !== null)('the prediction eval on Be\'er Sheva\'s recorded SIRI trace, with the operator\'s own predictions', () => {
  it('replays the trace, detects arrivals, and scores Masar\'s methods and the operator\'s side by side', async () => {
    const schedule = await readScheduleFromFeed(BEERSHEVA_GTFS)
    const operatorPredictions = await readSiriOperatorPredictions(REAL_TRACES.beersheva)
    const result = await evalPredictions({ schedule, source: { kind: 'trace', path: REAL_TRACES.beersheva, agencyId: 'dan-beersheva', operatorPredictions } })
    expect(result.vehicles).toBe(17)
    expect(result.stopEvents).toBeGreaterThan(300)
    expect(result.methods).toEqual(['timetable', 'schedule', 'segments', 'learned', 'kalman', 'operator'])
    expect(rowOf(result, 'operator', '0-3').count).toBeGreaterThan(50)
    expect(rowOf(result, 'kalman', '0-3').count).toBeGreaterThan(500)
    const comparison = result.operatorComparison!
    for (const method of ['kalman', 'operator']) expect(comparison.rows.find((r) => r.method === method && r.bucket === '0-3')!.count).toBeGreaterThan(50)
    // paired: every method judged on the same arrivals, bucket by bucket
    const paired = result.operatorPaired!
    const countsOf = (method: string) => paired.rows.filter((r) => r.method === method).map((r) => r.count)
    expect(countsOf('operator')[0]).toBeGreaterThan(50)
    for (const method of ['timetable', 'schedule', 'segments', 'learned', 'kalman']) expect(countsOf(method)).toEqual(countsOf('operator'))
  }, 60_000)
})
