import { describe, expect, it } from 'vitest'
import { ErrorSpread, priorSpread } from './error-spread.js'

const MIN = 60_000

describe('ErrorSpread', () => {
  it('gives the prior before 40 errors are seen at a horizon, wider for longer horizons', () => {
    const spread = new ErrorSpread()
    expect(spread.spread('kalman', 2 * MIN)).toEqual(priorSpread(2 * MIN))
    for (let i = 0; i < 39; i++) spread.observe('kalman', 2.5 * MIN, 500)
    expect(spread.spread('kalman', 2.5 * MIN)).toEqual(priorSpread(2.5 * MIN))

    const near = priorSpread(1 * MIN)
    const far = priorSpread(20 * MIN)
    expect(near).toEqual({ p10S: -(20 + 4.8), p90S: 30 + 12 })
    expect(far.p10S).toBeLessThan(near.p10S)
    expect(far.p90S).toBeGreaterThan(near.p90S)
    expect(far.p90S).toBeGreaterThan(-far.p10S) // late more than early
    expect(priorSpread(-5 * MIN)).toEqual(priorSpread(0))
  })

  it('gives the 10th and 90th percentiles of the errors once 40 are seen', () => {
    const spread = new ErrorSpread()
    for (let e = -60; e <= 120; e++) spread.observe('learned', 5.5 * MIN, e) // uniform −60 … +120 s
    const s = spread.spread('learned', 5.2 * MIN)
    expect(s.p10S).toBeCloseTo(-42, 6)
    expect(s.p90S).toBeCloseTo(102, 6)
  })

  it('keeps methods and horizon bins apart', () => {
    const spread = new ErrorSpread()
    for (let i = 0; i < 50; i++) spread.observe('learned', 5.5 * MIN, 300)
    expect(spread.spread('learned', 5 * MIN)).toEqual({ p10S: 300, p90S: 300 })
    expect(spread.spread('kalman', 5.5 * MIN)).toEqual(priorSpread(5.5 * MIN))
    expect(spread.spread('learned', 4.9 * MIN)).toEqual(priorSpread(4.9 * MIN)) // the 4–5 min bin
    expect(spread.spread('learned', 6 * MIN)).toEqual(priorSpread(6 * MIN)) // the 6–8 min bin
  })

  it('pools every horizon past an hour in one bin', () => {
    const spread = new ErrorSpread()
    for (let i = 0; i < 40; i++) spread.observe('schedule', 61 * MIN, i)
    expect(spread.spread('schedule', 200 * MIN).p90S).toBeCloseTo(35.1, 6)
  })

  it('follows new errors after the cached percentiles', () => {
    const spread = new ErrorSpread()
    for (let i = 0; i < 40; i++) spread.observe('kalman', 30_000, 10)
    expect(spread.spread('kalman', 30_000).p90S).toBe(10)
    for (let i = 0; i < 40; i++) spread.observe('kalman', 30_000, 100)
    expect(spread.spread('kalman', 30_000).p90S).toBe(100)
  })
})

describe('ErrorSpread, correcting a method', () => {
  it('learns a constant bias from the errors of its own corrected predictions and removes it', () => {
    const spread = new ErrorSpread(new Set(['kalman']))
    // a model that predicts every arrival 12 min ahead 70 s early, with ±30 s of noise
    const errorsAfter: number[] = []
    for (let k = 0; k < 400; k++) {
      const noiseS = ((k * 37) % 61) - 30
      const correctedErrorS = 70 + noiseS - spread.biasS('kalman', 12.5 * MIN)
      spread.observe('kalman', 12.5 * MIN, correctedErrorS)
      if (k >= 300) errorsAfter.push(correctedErrorS)
    }
    expect(spread.biasS('kalman', 12.5 * MIN)).toBeCloseTo(70, 0)
    const meanAfter = errorsAfter.reduce((a, b) => a + b, 0) / errorsAfter.length
    expect(Math.abs(meanAfter)).toBeLessThan(3)
    // the range lies around the corrected prediction: about ±24 s
    const s = spread.spread('kalman', 12.5 * MIN)
    expect(s.p10S).toBeGreaterThan(-30)
    expect(s.p10S).toBeLessThan(-18)
    expect(s.p90S).toBeGreaterThan(18)
    expect(s.p90S).toBeLessThan(30)
  })

  it('corrects only the methods it is given, and each horizon by its own errors', () => {
    const spread = new ErrorSpread(new Set(['kalman']))
    for (let k = 0; k < 100; k++) {
      spread.observe('learned', 12.5 * MIN, 70)
      spread.observe('kalman', 2.5 * MIN, -20 - spread.biasS('kalman', 2.5 * MIN)) // 20 s late before correction
    }
    expect(spread.biasS('learned', 12.5 * MIN)).toBe(0)
    expect(spread.spread('learned', 12.5 * MIN)).toEqual({ p10S: 70, p90S: 70 })
    expect(spread.biasS('kalman', 2.5 * MIN)).toBe(-20)
    expect(spread.biasS('kalman', 12.5 * MIN)).toBe(0)
  })
})

describe('ErrorSpread, holding 80 % of arrivals in the range', () => {
  it('widens the range when arrivals fall outside it more often than one in five (errors twice as wide today)', () => {
    const spread = new ErrorSpread()
    let seed = 7
    const uniform = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1
    // 2,000 errors of ±60 s learned (a quiet day), then errors of ±120 s: the ±48 s range would hold 40 %
    for (let k = 0; k < 2000; k++) spread.observe('kalman', 8.5 * MIN, 60 * uniform())
    let inside = 0
    for (let k = 0; k < 1000; k++) {
      const { p10S, p90S } = spread.spread('kalman', 8.5 * MIN)
      const errorS = 120 * uniform()
      const inRange = errorS >= p10S && errorS <= p90S
      if (k >= 500) inside += inRange ? 1 : 0
      spread.observe('kalman', 8.5 * MIN, errorS, inRange)
    }
    expect(inside / 500).toBeGreaterThan(0.72)
    expect(inside / 500).toBeLessThan(0.88)
  })

  it('does not move the levels when it is not told whether arrivals fell inside', () => {
    const spread = new ErrorSpread()
    for (let e = -60; e <= 120; e++) spread.observe('learned', 5.5 * MIN, e)
    expect(spread.spread('learned', 5.5 * MIN).p10S).toBeCloseTo(-42, 6)
  })
})
