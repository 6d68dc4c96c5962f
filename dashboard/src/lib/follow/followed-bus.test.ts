import type { RiderVehicle } from '@masar/model/api/rider-vehicle'
import { describe, expect, it } from 'vitest'
import { busAfterMessage, busOfTrip, isStale, newerBus, type FollowedBus } from './followed-bus.js'

const at = (iso: string) => Date.parse(iso)
const bus: FollowedBus = { vehicleId: 'v1', lon: 35.9, lat: 31.95, fixAtMs: at('2026-12-07T08:00:00Z'), health: 'fresh', nextStopId: 's2' }
const vehicle = (over: Partial<RiderVehicle>): RiderVehicle => ({
  vehicleId: 'v1', lat: 31.951, lon: 35.901, speedMps: 8, bearingDeg: 90, fixAt: '2026-12-07T08:00:10Z', ageS: 0, health: 'fresh',
  tripId: 't1', routeId: 'r1', directionId: 0, serviceDate: '2026-12-07', headsign: null, nextStopId: 's3', occupancy: null, ...over,
})

describe('the followed bus', () => {
  it('is read from the trip\'s answer', () => {
    expect(busOfTrip({ vehicle: null })).toBeNull()
    expect(busOfTrip({ vehicle: { vehicleId: 'v1', lat: 31.95, lon: 35.9, bearingDeg: null, fixAt: '2026-12-07T08:00:00Z', health: 'fresh', scheduleDeviationS: null, nextStopId: 's2', occupancy: null } })).toEqual(bus)
  })

  it('moves with a newer fix of the same bus from the live stream, and only then', () => {
    expect(busAfterMessage(bus, { type: 'vehicle', vehicle: vehicle({}) })).toEqual({ vehicleId: 'v1', lon: 35.901, lat: 31.951, fixAtMs: at('2026-12-07T08:00:10Z'), health: 'fresh', nextStopId: 's3' })
    expect(busAfterMessage(bus, { type: 'vehicle', vehicle: vehicle({ vehicleId: 'v2' }) })).toBe(bus)
    expect(busAfterMessage(bus, { type: 'vehicle', vehicle: vehicle({ fixAt: '2026-12-07T07:59:00Z' }) })).toBe(bus)
    expect(busAfterMessage(bus, { type: 'snapshot', vehicles: [vehicle({ vehicleId: 'v2' }), vehicle({})] })?.lon).toBe(35.901)
    expect(busAfterMessage(bus, { type: 'health', vehicles: [{ vehicleId: 'v1', health: 'stale' }] })?.health).toBe('stale')
  })

  it('is the trip\'s bus at the newer of its two fixes, and none when the trip has no bus any more', () => {
    const later = { ...bus, fixAtMs: bus.fixAtMs + 1000, lon: 35.95 }
    expect(newerBus(bus, later)).toBe(later)
    expect(newerBus(later, bus)).toBe(later)
    expect(newerBus(bus, null)).toBe(bus)
    expect(newerBus(null, later)).toBeNull()
    // the trip changed buses: the live fix of the old one is not it
    expect(newerBus(bus, { ...later, vehicleId: 'v2' })).toBe(bus)
  })

  it('is stale when the api says so or its last fix is over 90 s old', () => {
    expect(isStale(bus, bus.fixAtMs + 30_000)).toBe(false)
    expect(isStale(bus, bus.fixAtMs + 91_000)).toBe(true)
    expect(isStale({ ...bus, health: 'offline' }, bus.fixAtMs)).toBe(true)
  })
})
