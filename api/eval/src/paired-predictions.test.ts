import { describe, expect, it } from 'vitest'
import { pairedPredictions } from './paired-predictions.js'
import type { VehicleStopScored } from './score-operator-predictions.js'

const T0 = Date.parse('2026-11-23T05:00:00Z')
const at = (method: 'kalman' | 'operator', vehicleId: string, stopId: string, madeMin: number, predictedMin: number): VehicleStopScored<'kalman' | 'operator'> => ({
  method, vehicleId, stopId, madeAtMs: T0 + madeMin * 60_000, predictedMs: T0 + predictedMin * 60_000, actualMs: T0 + 10 * 60_000, lowMs: T0, highMs: T0,
})

describe('pairedPredictions', () => {
  it('keeps only the moments, vehicles and stops every method predicted, the first of each method', () => {
    const paired = pairedPredictions([
      at('kalman', 'bus-1', 'S1', 0, 9), at('operator', 'bus-1', 'S1', 0, 12), at('operator', 'bus-1', 'S1', 0, 13), // a pair, a repeat
      at('operator', 'bus-1', 'S1', 1, 11), // the operator alone at 1 min
      at('kalman', 'bus-2', 'S1', 0, 8), at('operator', 'bus-1', 'S2', 0, 8), // another bus, another stop: no pair
    ], ['kalman', 'operator'])
    expect(paired.map((p) => [p.method, p.vehicleId, p.stopId, (p.predictedMs - T0) / 60_000])).toEqual([['kalman', 'bus-1', 'S1', 9], ['operator', 'bus-1', 'S1', 12]])
  })
})
