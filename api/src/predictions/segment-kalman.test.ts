import { describe, expect, it } from 'vitest'
import { DEFAULT_SEGMENT_KALMAN, SegmentKalman } from './segment-kalman.js'

// the arithmetic below is written for these settings: prior 0.04, a 20-minute half-life, no jump detection
const EAGER = { ...DEFAULT_SEGMENT_KALMAN, priorVariance: 0.04, halfLifeMin: 20, jumpSigmas: 0 }

const T0 = Date.parse('2026-11-23T05:00:00Z')
const MIN = 60_000
/** The timetable-like spread the predictor assumes without history: 30 % of the running time. */
const spreadOf = (expectedS: number) => (0.3 * expectedS) ** 2

describe('SegmentKalman', () => {
  it('gives factor 1 for a segment no bus has run', () => {
    const kalman = new SegmentKalman(EAGER)
    expect(kalman.factor('A-B', T0)).toBe(1)
    expect(kalman.size).toBe(0)
  })

  it('moves part of the way towards one slow traversal (gain < 1)', () => {
    const kalman = new SegmentKalman(EAGER)
    kalman.observe('A-B', 240, 120, spreadOf(120), T0)
    const factor = kalman.factor('A-B', T0)
    expect(factor).toBeGreaterThan(1.1)
    expect(factor).toBeLessThan(2)
    // gain = 0.04 / (0.04 + 0.09); factor = 2^gain
    expect(factor).toBeCloseTo(2 ** (0.04 / 0.13), 6)
    expect(kalman.factor('B-C', T0)).toBe(1)
  })

  it('moves closer to 2 with each further slow traversal, never past it', () => {
    const kalman = new SegmentKalman(EAGER)
    const factors: number[] = []
    for (let i = 0; i < 6; i++) {
      kalman.observe('A-B', 240, 120, spreadOf(120), T0 + i * MIN)
      factors.push(kalman.factor('A-B', T0 + i * MIN))
    }
    for (let i = 1; i < factors.length; i++) expect(factors[i]!).toBeGreaterThan(factors[i - 1]!)
    expect(factors.at(-1)!).toBeLessThan(2)
    expect(factors.at(-1)!).toBeGreaterThan(1.5)
  })

  it('follows a fast traversal below 1', () => {
    const kalman = new SegmentKalman(EAGER)
    kalman.observe('A-B', 60, 120, spreadOf(120), T0)
    expect(kalman.factor('A-B', T0)).toBeLessThan(1)
    expect(kalman.factor('A-B', T0)).toBeGreaterThan(0.5)
  })

  it('fades the correction with its age: half of the log ratio every half-life', () => {
    const kalman = new SegmentKalman(EAGER)
    kalman.observe('A-B', 240, 120, spreadOf(120), T0)
    const logNow = Math.log(kalman.factor('A-B', T0))
    const halfLifeMs = EAGER.halfLifeMin * MIN
    expect(Math.log(kalman.factor('A-B', T0 + halfLifeMs))).toBeCloseTo(logNow / 2, 9)
    expect(Math.log(kalman.factor('A-B', T0 + 2 * halfLifeMs))).toBeCloseTo(logNow / 4, 9)
    expect(kalman.factor('A-B', T0 + 24 * 60 * MIN)).toBeCloseTo(1, 6)
    expect(kalman.factor('A-B', T0 - 5 * MIN)).toBe(kalman.factor('A-B', T0)) // asked before the traversal: no fading
  })

  it('moves less on a noisier segment (a wider history spread)', () => {
    const kalman = new SegmentKalman(EAGER)
    kalman.observe('steady', 240, 120, (0.05 * 120) ** 2, T0)
    kalman.observe('noisy', 240, 120, (0.45 * 120) ** 2, T0)
    expect(kalman.factor('steady', T0)).toBeGreaterThan(kalman.factor('noisy', T0))
    expect(kalman.factor('noisy', T0)).toBeGreaterThan(1)
    // the noise variance is bounded: beyond maxMeasurementVariance a noisier history moves it no less
    kalman.observe('noisier', 240, 120, (2 * 120) ** 2, T0)
    kalman.observe('noisiest', 240, 120, (5 * 120) ** 2, T0)
    expect(kalman.factor('noisier', T0)).toBe(kalman.factor('noisiest', T0))
  })

  it('ignores traversals without a positive time', () => {
    const kalman = new SegmentKalman(EAGER)
    kalman.observe('A-B', 0, 120, spreadOf(120), T0)
    kalman.observe('A-B', 240, 0, 0, T0)
    kalman.observe('A-B', Number.NaN, 120, spreadOf(120), T0)
    expect(kalman.size).toBe(0)
    expect(kalman.factor('A-B', T0)).toBe(1)
  })

  it('trusts a new traversal more after a long quiet spell than right after another one', () => {
    const quiet = new SegmentKalman(EAGER)
    const busy = new SegmentKalman(EAGER)
    for (const k of [quiet, busy]) k.observe('A-B', 120, 120, spreadOf(120), T0) // on time: factor 1, variance shrinks
    busy.observe('A-B', 240, 120, spreadOf(120), T0 + 1 * MIN)
    quiet.observe('A-B', 240, 120, spreadOf(120), T0 + 60 * MIN)
    expect(quiet.factor('A-B', T0 + 60 * MIN)).toBeGreaterThan(busy.factor('A-B', T0 + 1 * MIN))
  })

  it('keeps what recent traversals taught when an older one arrives late', () => {
    const kalman = new SegmentKalman(EAGER)
    for (let i = 0; i < 3; i++) kalman.observe('A-B', 240, 120, spreadOf(120), T0 + i * MIN)
    const before = kalman.factor('A-B', T0 + 2 * MIN)
    kalman.observe('A-B', 120, 120, spreadOf(120), T0 + 2 * MIN - 1000)
    expect(kalman.factor('A-B', T0 + 2 * MIN)).toBeGreaterThan(1 + (before - 1) / 2)
  })

  it('follows a sudden change at once when jump detection is on (an accident), but not ordinary noise', () => {
    const settled = (jumpSigmas: number) => {
      const kalman = new SegmentKalman({ ...DEFAULT_SEGMENT_KALMAN, jumpSigmas })
      for (let i = 0; i < 10; i++) kalman.observe('A-B', 100 + (i % 2 ? 5 : -5), 100, 100, T0 + i * MIN) // settled on history
      return kalman
    }
    const noisy = settled(3)
    noisy.observe('A-B', 115, 100, 100, T0 + 10 * MIN)
    const plain = settled(0)
    plain.observe('A-B', 115, 100, 100, T0 + 10 * MIN)
    expect(noisy.factor('A-B', T0 + 10 * MIN)).toBeCloseTo(plain.factor('A-B', T0 + 10 * MIN), 9) // within 3 σ: the same filter
    const jumped = settled(3)
    jumped.observe('A-B', 400, 100, 100, T0 + 10 * MIN)
    const lagging = settled(0)
    lagging.observe('A-B', 400, 100, 100, T0 + 10 * MIN)
    expect(jumped.factor('A-B', T0 + 10 * MIN)).toBeGreaterThan(3.5) // most of the way to 4
    expect(lagging.factor('A-B', T0 + 10 * MIN)).toBeLessThan(2)
  })
})
