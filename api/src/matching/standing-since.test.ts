import { describe, expect, it } from 'vitest'
import { standingPlaceAfter } from './standing-since.js'

const options = { radiusM: 30, standingSpeedMps: 1 }
const fix = (atMs: number, northM: number, speedMps: number | null) => ({ vehicleId: 'bus-1', atMs, lat: 31.95 + northM / 111_195, lon: 35.91, speedMps })

describe('standingPlaceAfter', () => {
  it('keeps the time a vehicle stopped while it stays, and starts again when it drives off', () => {
    const stopped = standingPlaceAfter(null, fix(0, 0, 0), options)
    const still = standingPlaceAfter(stopped, fix(10_000, 8, 0.2), options)
    expect(still.sinceMs).toBe(0)
    expect(standingPlaceAfter(still, fix(20_000, 60, 6), options).sinceMs).toBe(20_000)
  })

  it('takes a jump reported at standstill for a GPS outlier, and one without a speed for a move', () => {
    const stopped = standingPlaceAfter(null, fix(0, 0, 0), options)
    expect(standingPlaceAfter(stopped, fix(10_000, 250, 0), options).sinceMs).toBe(0)
    expect(standingPlaceAfter(stopped, fix(10_000, 250, null), options).sinceMs).toBe(10_000)
  })
})
