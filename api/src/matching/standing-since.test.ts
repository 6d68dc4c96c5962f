import { describe, expect, it } from 'vitest'
import { STANDING_STILL, StandingPlaces, standingPlaceAfter } from './standing-since.js'
import { METRES_PER_DEGREE_LAT } from '@masar/model/geo/earth'

const options = { radiusM: 30, standingSpeedMps: 1 }
const fix = (atMs: number, northM: number, speedMps: number | null) => ({ vehicleId: 'bus-1', atMs, lat: 31.95 + northM / METRES_PER_DEGREE_LAT, lon: 35.91, speedMps })

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

describe('StandingPlaces', () => {
  it('keeps each vehicle\'s standing place apart and tells how long it has stood', () => {
    const places = new StandingPlaces()
    places.observe(fix(0, 0, 0))
    places.observe({ ...fix(5_000, 0, 0), vehicleId: 'bus-2' })
    places.observe(fix(60_000, STANDING_STILL.radiusM - 5, null)) // within the radius: still standing
    expect(places.standingForMs('bus-1', 90_000)).toBe(90_000)
    expect(places.standingForMs('bus-2', 90_000)).toBe(85_000)
    places.observe(fix(100_000, 40, STANDING_STILL.standingSpeedMps)) // rolling: a new place
    expect(places.standingForMs('bus-1', 110_000)).toBe(10_000)
    expect(places.standingForMs('bus-9', 110_000)).toBe(0)
  })
})
