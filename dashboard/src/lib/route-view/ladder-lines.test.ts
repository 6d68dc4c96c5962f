import { describe, expect, it } from 'vitest'
import type { VehicleView } from '@masar/model/api/vehicle-view'
import type { LadderResponse } from '@masar/model/api/routes'
import { busesNow, splitAtGaps, spreadLabels, timeAtDistance, timeTicks, toLadder, withLivePoints, type LadderPoint } from './ladder-lines.js'

const NOW = Date.parse('2027-01-15T07:00:00.000Z') // 10:00 in Amman
const MIN = 60_000
const ago = (minutes: number) => NOW - minutes * MIN

function vehicle(vehicleId: string, more: Partial<VehicleView>): VehicleView {
  return {
    vehicleId, agencyId: 'amman', lat: 31.95, lon: 35.91, speedMps: null, bearingDeg: null, fixAt: new Date(NOW - 5000).toISOString(),
    receivedAt: new Date(NOW).toISOString(), ageS: 5, health: 'fresh', declaredTripId: null, declaredRouteId: null, phase: 'in-service',
    blockId: null, tripId: null, routeId: 'R1', directionId: 0, serviceDate: null, distanceAlongTripM: null, nextStopId: null,
    scheduleDeviationS: null, snapped: null, offRoute: false, adherence: null, ...more,
  }
}

// A 10 km route, stops every 2.5 km; a bus at 500 m/min every 10 minutes, except bus-3 only a minute behind bus-2.
const run = (vehicleId: string, tripId: string, startMin: number, points: Array<[number, number]> = [[startMin, 0], [startMin - 10, 5000]]): LadderResponse['runs'][number] =>
  ({ vehicleId, tripId, serviceDate: '2027-01-15', points: points.map(([minutesAgo, m]) => [ago(minutesAgo), m]) })
const ladder: LadderResponse = {
  routeId: 'R1', directionId: 0, from: new Date(ago(60)).toISOString(), to: new Date(ago(1)).toISOString(), shapeId: 'S0', lengthM: 10_000,
  stops: [{ stopId: 'A', name: 'العبدلي', distanceM: 0 }, { stopId: 'B', name: 'B', distanceM: 2500 }, { stopId: 'B2', name: 'B2', distanceM: 2600 }, { stopId: 'C', name: 'C', distanceM: 5000 }, { stopId: 'D', name: 'D', distanceM: 10_000 }],
  runs: [run('bus-1', 'T1', 21, [[21, 0], [11, 5000], [1, 9500]]), run('bus-2', 'T2', 11, [[11, 0], [1, 5000]]), run('bus-3', 'T3', 9, [[9, 0], [1, 4500]])],
}

describe('ladder lines', () => {
  it('scales time across the window to now and distance up the route', () => {
    const view = toLadder(ladder, [], { nowMs: NOW, maxGapMs: 15 * MIN }) // the fixture's points are 10 minutes apart
    expect([view.fromMs, view.toMs, view.lengthM]).toEqual([ago(59), NOW, 10_000]) // the api's 59-minute window, moved on to now
    const bus2 = view.lines.find((l) => l.vehicleId === 'bus-2')!
    expect(bus2.segments).toHaveLength(1)
    expect(bus2.segments[0]!.map(([x, y]) => [x * 59, y])).toEqual([[expect.closeTo(48, 9), 0], [expect.closeTo(58, 9), 0.5]])
    expect(view.stops.map((s) => [s.stopId, s.y, s.labelled])).toEqual([['A', 0, true], ['B', 0.25, true], ['B2', 0.26, false], ['C', 0.5, true], ['D', 1, true]])
    const crowdedTop = toLadder({ ...ladder, stops: [...ladder.stops, { stopId: 'D0', name: 'D0', distanceM: 9800 }] }, [], { nowMs: NOW })
    expect(crowdedTop.stops.filter((s) => s.labelled).map((s) => s.stopId)).toEqual(['A', 'B', 'C', 'D']) // the terminal keeps its name
    expect(view.ticksMs.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['06:10', '06:20', '06:30', '06:40', '06:50', '07:00'])
  })

  it('breaks a line where its data has a gap', () => {
    const points: LadderPoint[] = [[0, 0], [60_000, 100], [500_000, 900], [530_000, 950]]
    expect(splitAtGaps(points, 300_000)).toEqual([[[0, 0], [60_000, 100]], [[500_000, 900], [530_000, 950]]])
    expect(splitAtGaps(points, 600_000)).toHaveLength(1)
    expect(splitAtGaps([], 1)).toEqual([])
    const gappy: LadderResponse = { ...ladder, runs: [run('bus-7', 'T7', 40, [[40, 0], [38, 1000], [20, 3000], [18, 3500]])] }
    expect(toLadder(gappy, [], { nowMs: NOW }).lines[0]!.segments.map((s) => s.length)).toEqual([2, 2])
  })

  it('extends a line to a live bus of the route and direction, and starts one for a trip the api has not seen yet', () => {
    const live = [
      vehicle('bus-2', { tripId: 'T2', distanceAlongTripM: 5400, fixAt: new Date(NOW - 10_000).toISOString() }),
      vehicle('bus-8', { tripId: 'T8', distanceAlongTripM: 30 }),
      vehicle('bus-9', { tripId: 'T9', distanceAlongTripM: 30, directionId: 1 }),
      vehicle('bus-10', { tripId: 'T10', distanceAlongTripM: 30, phase: 'layover' }),
      vehicle('bus-11', { tripId: 'T11', distanceAlongTripM: 30, routeId: 'R2' }),
      vehicle('bus-1', { tripId: 'T1', distanceAlongTripM: 9000, fixAt: new Date(ago(5)).toISOString() }), // older than its stored line
    ]
    const lines = withLivePoints(ladder, live)
    expect(lines.map((l) => [l.vehicleId, l.live, l.points.length])).toEqual([['bus-1', false, 3], ['bus-2', true, 3], ['bus-3', false, 2], ['bus-8', true, 1]])
    expect(lines[1]!.points.at(-1)).toEqual([NOW - 10_000, 5400])
    const behind = withLivePoints(ladder, [vehicle('bus-2', { tripId: 'T2', distanceAlongTripM: 4980 })])
    expect(behind[1]!.points.at(-1)).toEqual([NOW - 5000, 5000]) // not back behind its stored line
  })

  it('finds when a line was at a distance, between its points or at the end of a dwell', () => {
    const points: LadderPoint[] = [[0, 0], [100, 1000], [160, 1000], [260, 2000]]
    expect(timeAtDistance(points, 500)).toBe(50)
    expect(timeAtDistance(points, 1000)).toBe(160)
    expect(timeAtDistance(points, 1500)).toBe(210)
    expect(timeAtDistance(points, 2500)).toBeNull()
  })

  it('orders the buses running now along the route and flags the one close behind the bus ahead as bunched', () => {
    const view = toLadder(ladder, [], { nowMs: NOW })
    expect(view.buses.map((b) => [b.vehicleId, b.afterStopName, b.aheadVehicleId, b.behindAheadS, b.bunched])).toEqual([
      ['bus-1', 'C', null, null, false],
      ['bus-2', 'C', 'bus-1', 600, false], // bus-1 was at 5 km ten minutes before
      ['bus-3', 'B2', 'bus-2', 60, true], // bus-2 was at 4.5 km a minute before: under a quarter of the usual 330 s
    ])
    expect(view.lines.filter((l) => l.bunched).map((l) => l.vehicleId)).toEqual(['bus-3'])
  })

  it('leaves out of "now" a bus whose line ended long ago or at the last stop, and flags nothing with evenly spaced buses', () => {
    const even = busesNow([
      { vehicleId: 'a', tripId: 'a', points: [[ago(20), 0], [ago(0), 8000]] },
      { vehicleId: 'b', tripId: 'b', points: [[ago(10), 0], [ago(0), 4000]] },
      { vehicleId: 'c', tripId: 'c', points: [[ago(30), 0], [ago(20), 4000]] },
      { vehicleId: 'd', tripId: 'd', points: [[ago(21), 0], [ago(1), 9980]] },
    ], [{ name: 'A', distanceM: 0 }, { name: 'Z', distanceM: 10_000 }], NOW)
    expect(even.map((b) => [b.vehicleId, b.behindAheadS, b.bunched])).toEqual([['a', null, false], ['b', 600, false]])
  })

  it('steps the time axis by the window\'s length', () => {
    expect(timeTicks(ago(30), NOW).map((t) => (NOW - t) / MIN)).toEqual([30, 25, 20, 15, 10, 5, 0])
    expect(timeTicks(ago(240), NOW).length).toBe(9)
  })
})

describe('bus labels', () => {
  it('are moved apart to the gap, in order, and left alone when already apart', () => {
    expect(spreadLabels([100, 50, 200], 12)).toEqual([100, 50, 200])
    const spread = spreadLabels([100, 104, 101], 12)
    const [a, b, c] = spread as [number, number, number]
    expect([c - a, b - c]).toEqual([12, 12]) // 100, then 101, then 104: each 12 px below the one before
    expect((a + b + c) / 3).toBeCloseTo((100 + 104 + 101) / 3, 9)
    expect(spreadLabels([], 12)).toEqual([])
  })
})
