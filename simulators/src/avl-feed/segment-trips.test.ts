import { describe, expect, it } from 'vitest'
import type { Fix, VehicleTrack } from './clean-fixes.js'
import { segmentTrips } from './segment-trips.js'

const patterns = [{ direction: '0', stopIds: ['A', 'B', 'C', 'D'] }, { direction: '1', stopIds: ['D', 'C', 'B', 'A'] }]
const fix = (minute: number, direction: string, stopId: string): Fix => ({ atMs: minute * 60_000, lat: 0, lon: 0, direction, stopId, stale: false })

describe('segmentTrips', () => {
  it('cuts a bus\'s reports into trips at the terminal turn, keeping each visit\'s fixes and its neighbours', () => {
    const track: VehicleTrack = { routeId: '99', vehicleId: 'v', fixes: [
      fix(0, '0', 'A'), fix(1, '0', 'A'), fix(2, '0', 'B'), fix(3, '0', 'D'),
      fix(4, '1', 'D'), fix(5, '1', 'C'), fix(6, '1', 'B'), fix(7, '1', 'A'),
    ] }
    const trips = segmentTrips([track], patterns)
    expect(trips.map((t) => [t.direction, t.visits.map((v) => v.stationIndex)])).toEqual([['0', [0, 1, 3]], ['1', [0, 1, 2, 3]]])
    const [a, b] = trips[0]!.visits
    expect(a!.fixes.map((f) => f.atMs / 60_000)).toEqual([0, 1])
    expect(a!.after?.atMs).toBe(2 * 60_000)
    expect(b!.before?.atMs).toBe(60_000)
  })

  it('ends a trip at a station behind the last one, a long silence, or a station the direction does not serve', () => {
    const track: VehicleTrack = { routeId: '99', vehicleId: 'v', fixes: [
      fix(0, '0', 'A'), fix(1, '0', 'B'), fix(2, '0', 'C'), fix(3, '0', 'B'), // backwards: a wrong label or a new trip
      fix(4, '0', 'C'), fix(5, '0', 'D'), fix(30, '0', 'D'),
    ] }
    const trips = segmentTrips([track], patterns)
    expect(trips.map((t) => t.visits.map((v) => v.stationIndex))).toEqual([[0, 1, 2], [1, 2, 3]])
    expect(trips[1]!.visits.at(-1)!.fixes).toHaveLength(1) // the fix 25 minutes later is not this trip's
  })
})
