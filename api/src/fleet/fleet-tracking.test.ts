import { Schedule } from '@masar/gtfs/schedule/schedule'
import type { VehiclePing } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { FleetTracking } from './fleet-tracking.js'

const empty = new Schedule({ feedId: 1, timeZone: 'Asia/Amman', stops: [], routes: [], trips: [], shapes: [], calendar: [], calendarDates: [], frequencies: [] })
const ping = (atS: number, lat: number, lon: number, speedMps: number | null = 0): VehiclePing => ({
  agencyId: 'gam', vehicleId: 'bus-1', recordedAtMs: 1_800_000_000_000 + atS * 1000, lat, lon, speedMps, bearingDeg: null, accuracyM: null, odometerM: null, tripId: null, routeId: null, occupancy: null, seq: null,
})

describe('FleetTracking', () => {
  it('puts a bus that works no trip and has stood still five minutes at its depot, and takes it out when it moves', () => {
    const tracking = new FleetTracking(empty, () => {})
    expect(tracking.observe(ping(0, 31.95, 35.9))?.status).toBe('unassigned')
    expect(tracking.observe(ping(200, 31.95001, 35.90001))?.status).toBe('unassigned') // a few metres of GPS noise
    expect(tracking.observe(ping(310, 31.95, 35.9))?.status).toBe('at-depot')
    expect(tracking.observe(ping(320, 31.96, 35.9, 8))?.status).toBe('unassigned') // a kilometre away at 8 m/s: it left
  })

  it('stands still by the rule the matcher and the predictions use: a GPS outlier at a standstill speed is no move', () => {
    const tracking = new FleetTracking(empty, () => {})
    tracking.observe(ping(0, 31.95, 35.9))
    expect(tracking.observe(ping(200, 31.9508, 35.9))?.status).toBe('unassigned') // 90 m off, speed 0: an outlier
    expect(tracking.observe(ping(310, 31.95, 35.9))?.status).toBe('at-depot') // still parked since 0 s
  })

  it('takes a bus rolling at walking pace or more for one that moves, however near', () => {
    const tracking = new FleetTracking(empty, () => {})
    tracking.observe(ping(0, 31.95, 35.9))
    tracking.observe(ping(200, 31.9502, 35.9, 2)) // 22 m on, rolling at 2 m/s: it has moved
    expect(tracking.observe(ping(310, 31.9502, 35.9))?.status).toBe('unassigned') // standing for 110 s only
    expect(tracking.observe(ping(510, 31.9502, 35.9))?.status).toBe('at-depot')
  })

  it('matches nothing without a schedule', () => {
    expect(new FleetTracking(null, () => {}).observe(ping(0, 31.95, 35.9))).toBeNull()
  })
})
