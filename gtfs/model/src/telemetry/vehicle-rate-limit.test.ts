import { describe, expect, it } from 'vitest'
import { VehicleRateLimit } from './vehicle-rate-limit.js'

describe('VehicleRateLimit', () => {
  it('admits a burst at once, then the rate, per vehicle', () => {
    const limit = new VehicleRateLimit({ fixesPerSecond: 2, burst: 5 })
    expect(limit.admit('a/bus-1', 3, 0)).toBe(3)
    expect(limit.admit('a/bus-1', 3, 0)).toBe(2)
    expect(limit.admit('a/bus-1', 1, 0)).toBe(0)
    expect(limit.admit('a/bus-2', 5, 0)).toBe(5) // another vehicle's bucket is its own
    expect(limit.admit('a/bus-1', 10, 1500)).toBe(3) // 1.5 s at 2/s
    expect(limit.admit('a/bus-1', 10, 100_000)).toBe(5) // refilled to the burst, never beyond
  })

  it('never refills backwards when the receive clock steps back', () => {
    const limit = new VehicleRateLimit({ fixesPerSecond: 1, burst: 2 })
    expect(limit.admit('v', 2, 10_000)).toBe(2)
    expect(limit.admit('v', 1, 5_000)).toBe(0)
    expect(limit.admit('v', 1, 11_000)).toBe(1)
  })

  it('forgets vehicles whose bucket has refilled', () => {
    const limit = new VehicleRateLimit({ fixesPerSecond: 10, burst: 10 })
    for (let i = 0; i < 100; i++) limit.admit(`v${i}`, 1, 0)
    expect(limit.trackedVehicles).toBe(100)
    limit.admit('v0', 1, 120_000)
    expect(limit.trackedVehicles).toBe(1)
  })
})
