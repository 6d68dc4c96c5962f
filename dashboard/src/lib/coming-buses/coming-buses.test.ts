import type { Arrival } from '@masar/model/api/arrival'
import type { TripResponse } from '@masar/model/api/trips'
import { describe, expect, it } from 'vitest'
import { arrivalsWithBuses, comingBusOf, MAX_COMING_BUSES } from './coming-buses.js'

const arrival = (over: Partial<Arrival>): Arrival => ({
  routeId: 'r7', routeShortName: '7', tripId: 't1', headsign: 'Downtown', at: '2026-12-07T08:10:00Z', minutes: 10, earliest: null, latest: null, minutesRange: null,
  realtime: true, stale: false, cancelled: false, vehicleId: 'v1', occupancy: null, scheduledAt: '2026-12-07T08:10:00Z', headwayMinutes: null, ...over,
})
const tripStop = (stopId: string, passed: boolean) => ({ stopId, name: stopId, scheduledAt: null, expectedAt: null, earliest: null, latest: null, passed })
const trip = (nextStopId: string | null): TripResponse => ({
  tripId: 't1', routeId: 'r7', headsign: 'Downtown', serviceDate: '2026-12-07',
  vehicle: { vehicleId: 'v1', lat: 31.95, lon: 35.9, bearingDeg: null, fixAt: '2026-12-07T08:00:00Z', health: 'fresh', scheduleDeviationS: null, nextStopId, occupancy: null },
  stops: [tripStop('a', true), tripStop('b', false), tripStop('c', false), tripStop('d', false)],
})
// stop d, 0.02° of longitude east of the bus: about 1.9 km
const stopD = { stopId: 'd', lon: 35.92, lat: 31.95 }

describe('the buses coming to a stop', () => {
  it('looks up one arrival per bus, soonest first, only those a bus is predicted for', () => {
    const picked = arrivalsWithBuses([
      arrival({ tripId: 'late', at: '2026-12-07T08:20:00Z', vehicleId: 'v2' }),
      arrival({ tripId: 'soon', at: '2026-12-07T08:05:00Z', vehicleId: 'v2' }),
      arrival({ tripId: 'timetable', realtime: false, vehicleId: null }),
      arrival({ tripId: 'cancelled', cancelled: true, vehicleId: 'v3' }),
    ])
    expect(picked.map((a) => a.tripId)).toEqual(['soon'])
    const many = Array.from({ length: 9 }, (_, i) => arrival({ tripId: `t${i}`, vehicleId: `v${i}` }))
    expect(arrivalsWithBuses(many)).toHaveLength(MAX_COMING_BUSES)
  })

  it('says how many stops away the bus is and how far', () => {
    // going to b, then c, then d: three stops to reach, d included
    expect(comingBusOf(arrival({}), trip('b'), stopD)).toMatchObject({ vehicleId: 'v1', route: '7', headsign: 'Downtown', stopsAway: 3, atStop: false, km: 1.9 })
    expect(comingBusOf(arrival({}), trip(null), stopD)?.stopsAway).toBe(3)
    // d is its next stop: one stop away, and not at it while 1.9 km off
    expect(comingBusOf(arrival({}), trip('d'), stopD)).toMatchObject({ stopsAway: 1, atStop: false })
    // at the stop: within 40 m
    expect(comingBusOf(arrival({}), trip('d'), { stopId: 'd', lon: 35.9003, lat: 31.95 })).toMatchObject({ stopsAway: 1, atStop: true, km: 0 })
  })

  it('leaves out a bus that has passed the stop or a trip without a bus', () => {
    expect(comingBusOf(arrival({}), trip('c'), { stopId: 'b', lon: 35.9, lat: 31.95 })).toBeNull()
    expect(comingBusOf(arrival({}), { ...trip('b'), vehicle: null }, stopD)).toBeNull()
  })
})
