import { describe, expect, it } from 'vitest'
import { allocatePeakBuses } from './allocate-peak-buses.js'

describe('allocatePeakBuses', () => {
  it('keeps the wished headways when they already add up', () => {
    expect(allocatePeakBuses([{ cycleMinutes: 60, wishedHeadwayMinutes: 10 }, { cycleMinutes: 40, wishedHeadwayMinutes: 10 }], 10)).toEqual([6, 4])
  })

  it('adds buses where the headway is longest and removes them where it is shortest', () => {
    const routes = [{ cycleMinutes: 60, wishedHeadwayMinutes: 10 }, { cycleMinutes: 90, wishedHeadwayMinutes: 30 }]
    expect(allocatePeakBuses(routes, 11)).toEqual([6, 5])
    expect(allocatePeakBuses(routes, 7)).toEqual([4, 3])
  })

  it('never leaves a route with fewer than two buses', () => {
    expect(allocatePeakBuses([{ cycleMinutes: 30, wishedHeadwayMinutes: 30 }], 2)).toEqual([2])
    expect(() => allocatePeakBuses([{ cycleMinutes: 30, wishedHeadwayMinutes: 10 }, { cycleMinutes: 30, wishedHeadwayMinutes: 10 }], 3)).toThrow(RangeError)
  })
})
