import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import { PredictionLog } from './prediction-log.js'
import type { PredictionMethod } from './prediction-types.js'
import type { TripPrediction } from './trip-prediction.js'

const T0 = Date.parse('2026-11-23T05:00:00Z')
const MIN = 60_000
const DATE = '2026-11-23'

function trip(tripId: string): ScheduleTrip {
  const stopIds = ['S0', 'S1', 'S2', 'S3', 'S4']
  const times = Int32Array.from(stopIds, (_, i) => 8 * 3600 + i * 120)
  return { tripId, routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: null, headsign: null, stopIds, arrivals: times, departures: times, shapeDistTraveled: new Float64Array(5).fill(Number.NaN), distancesM: new Float64Array(5).fill(Number.NaN) }
}
const T1 = trip('T1')
const T2 = trip('T2')

/** A prediction of the stops from fromIndex on, with a ±1 min range. */
function prediction(arrivalsMs: number[], options: { trip?: ScheduleTrip; fromIndex?: number; method?: PredictionMethod } = {}): TripPrediction {
  return {
    method: options.method ?? 'kalman', vehicleId: 'bus-1', trip: options.trip ?? T1, serviceDate: DATE, fromIndex: options.fromIndex ?? 2,
    arrivalsMs, departuresMs: arrivalsMs, lowMs: arrivalsMs.map((a) => a - MIN), highMs: arrivalsMs.map((a) => a + MIN), stale: false, fixAtMs: T0, delayS: 0,
  }
}

describe('PredictionLog', () => {
  it('keeps one sample per sampling horizon crossed, however often predictions are made', () => {
    const log = new PredictionLog() // 1.5, 4.5, 8, 12.5, 22.5 min
    const arrivesAt = T0 + 12 * MIN // the stop at index 2 (the trip's third), 12 min away
    for (let t = T0; t <= arrivesAt + 2 * MIN; t += 30_000) log.record([prediction([arrivesAt, arrivesAt + 2 * MIN])], t)
    expect(log.pending).toBe(2)

    const outcomes = log.arrived('T1', DATE, 3, arrivesAt + 45_000)
    // 12 min is the first at or below 12.5, then 8, 4.5, 1.5: four samples out of 25 calls
    expect(outcomes.map((o) => (o.predictedMs - o.madeAtMs) / MIN)).toEqual([12, 8, 4.5, 1.5])
    for (const o of outcomes) {
      expect(o).toMatchObject({ method: 'kalman', vehicleId: 'bus-1', tripId: 'T1', serviceDate: DATE, stopId: 'S2', stopIndex: 3, predictedMs: arrivesAt, actualMs: arrivesAt + 45_000 })
      expect((o.actualMs - o.predictedMs) / 1000).toBe(45)
      expect([o.lowMs, o.highMs]).toEqual([arrivesAt - MIN, arrivesAt + MIN])
    }
    // the next stop, 14 min away at first: 22.5 is the first horizon it came under
    const next = log.arrived('T1', DATE, 4, arrivesAt + 2 * MIN)
    expect(next.map((o) => (o.predictedMs - o.madeAtMs) / MIN)).toEqual([14, 12.5, 8, 4.5, 1.5])
    expect(next.every((o) => o.stopId === 'S3')).toBe(true)
  })

  it('keeps the predictions that were made at each horizon, with the time they were made', () => {
    const log = new PredictionLog()
    const arrivesAt = T0 + 10 * MIN
    // the bus slips: each minute the prediction moves 30 s later
    // (horizons 10, 9.5, 9, … min: sampled at 10 (≤ 12.5), 8, 4.5, 1.5)
    for (let i = 0; i <= 20; i++) log.record([prediction([arrivesAt + i * 30_000])], T0 + i * MIN)
    const outcomes = log.arrived('T1', DATE, 3, arrivesAt + 10 * MIN)
    expect(outcomes.map((o) => [(o.madeAtMs - T0) / MIN, (o.predictedMs - arrivesAt) / 1000])).toEqual([[0, 0], [4, 120], [11, 330], [17, 510]])
  })

  it('keeps a sample for each method on its own', () => {
    const log = new PredictionLog()
    const arrivesAt = T0 + 4 * MIN
    log.record([prediction([arrivesAt], { method: 'schedule' }), prediction([arrivesAt + 60_000], { method: 'learned' })], T0)
    log.record([prediction([arrivesAt], { method: 'schedule' }), prediction([arrivesAt + 60_000], { method: 'learned' })], T0 + 10_000)
    const outcomes = log.arrived('T1', DATE, 3, arrivesAt)
    expect(outcomes.map((o) => [o.method, (o.actualMs - o.predictedMs) / 1000])).toEqual([['schedule', 0], ['learned', -60]])
  })

  it('leaves out stops beyond the largest horizon and arrivals already past', () => {
    const log = new PredictionLog()
    log.record([prediction([T0 - 10_000, T0 + 20 * MIN, T0 + 23 * MIN], { fromIndex: 1 })], T0)
    expect(log.arrived('T1', DATE, 2, T0)).toEqual([]) // predicted before it was made
    expect(log.arrived('T1', DATE, 3, T0)).toHaveLength(1)
    expect(log.arrived('T1', DATE, 4, T0)).toEqual([]) // 23 min > 22.5
  })

  it('scores a stop once, and leaves other trips and dates alone', () => {
    const log = new PredictionLog()
    const arrivesAt = T0 + 5 * MIN
    log.record([prediction([arrivesAt]), prediction([arrivesAt], { trip: T2 }), { ...prediction([arrivesAt]), serviceDate: '2026-11-24' }], T0)
    expect(log.pending).toBe(3)
    expect(log.arrived('T1', DATE, 3, arrivesAt)).toHaveLength(1)
    expect(log.arrived('T1', DATE, 3, arrivesAt)).toEqual([])
    expect(log.arrived('T1', DATE, 2, arrivesAt)).toEqual([])
    expect(log.pending).toBe(2)
    expect(log.arrived('T2', DATE, 3, arrivesAt + 1000)).toMatchObject([{ tripId: 'T2', actualMs: arrivesAt + 1000 }])
    expect(log.arrived('T1', '2026-11-24', 3, arrivesAt)).toHaveLength(1)
    expect(log.pending).toBe(0)
  })

  it('drops stops never reached after keepMs', () => {
    const log = new PredictionLog({ sampleHorizonsMin: [5], keepMs: 10 * MIN })
    log.record([prediction([T0 + 3 * MIN])], T0)
    log.record([prediction([T0 + 9 * MIN + 3 * MIN], { trip: T2 })], T0 + 9 * MIN)
    expect(log.pending).toBe(2) // nothing old enough yet
    log.record([], T0 + 11 * MIN)
    expect(log.pending).toBe(1)
    expect(log.arrived('T1', DATE, 3, T0 + 11 * MIN)).toEqual([])
    expect(log.arrived('T2', DATE, 3, T0 + 12 * MIN)).toHaveLength(1)
  })
})
