import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import { StopEventDetector } from './detect-stop-events.js'

// Stops at 0, 500, 1,000 and 1,500 m along the trip.
const trip: ScheduleTrip = {
  tripId: 'T1', routeId: 'R1', serviceId: 'WK', directionId: 0, blockId: null, shapeId: 'S', headsign: null, stopIds: ['A', 'B', 'C', 'D'],
  arrivals: Int32Array.of(0, 60, 120, 180), departures: Int32Array.of(0, 60, 120, 180), shapeDistTraveled: new Float64Array(4), distancesM: Float64Array.of(0, 500, 1000, 1500),
}
const at = (s: number) => 1_800_000_000_000 + s * 1000

function run(fixes: Array<[seconds: number, metres: number]>, tripOf: (i: number) => ScheduleTrip = () => trip) {
  const detector = new StopEventDetector(30)
  return fixes.flatMap(([s, m], i) => detector.observe({ vehicleId: 'bus-1', trip: tripOf(i), serviceDate: '2027-01-15', atMs: at(s), distanceAlongTripM: m }))
}

describe('stop events from progress along a trip', () => {
  it('times a stop where the bus stood from entering to leaving its radius, interpolated between fixes', () => {
    // 10 m/s, standing at B (500 m) from 50 s to 80 s
    const events = run([[0, 0], [10, 100], [45, 450], [50, 500], [60, 500], [80, 500], [90, 600]])
    const b = events.find((e) => e.stopId === 'B')!
    expect(b.observed).toBe(true)
    expect(b.arrivalMs).toBe(at(47)) // 470 m, between the fixes at 450 m (45 s) and 500 m (50 s)
    expect(b.departureMs).toBe(at(83)) // 530 m, between 500 m (80 s) and 600 m (90 s)
  })

  it('gives a stop passed between two fixes one interpolated time', () => {
    const events = run([[0, 0], [40, 400], [80, 800]])
    const b = events.find((e) => e.stopId === 'B')!
    expect(b).toMatchObject({ observed: false, arrivalMs: at(50), departureMs: at(50) })
  })

  it('reports every stop once, in order, and ignores progress that goes backwards', () => {
    const events = run([[0, 0], [5, 10], [30, 300], [31, 280], [60, 600], [120, 1200], [160, 1500]])
    expect(events.map((e) => e.stopId)).toEqual(['A', 'B', 'C', 'D'])
    expect(events.map((e) => e.stopIndex)).toEqual([1, 2, 3, 4])
    for (let i = 1; i < events.length; i++) expect(events[i]!.arrivalMs).toBeGreaterThan(events[i - 1]!.arrivalMs)
    expect(events.at(-1)!.departureMs).toBe(events.at(-1)!.arrivalMs) // the end of the trip
  })

  it('does not claim the stops a bus was first seen beyond, and starts afresh on the next trip', () => {
    const next: ScheduleTrip = { ...trip, tripId: 'T2' }
    const events = run([[0, 700], [60, 1300], [100, 1500], [200, 0], [210, 100]], (i) => (i < 3 ? trip : next))
    expect(events.map((e) => `${e.tripId}:${e.stopId}`)).toEqual(['T1:C', 'T1:D', 'T2:A'])
  })
})
