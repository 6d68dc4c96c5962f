import { describe, expect, it } from 'vitest'
import { at, handMadeSchedule, street } from '../matching/testing/hand-made-schedule.js'
import { toShapeLine } from '../matching/shape-line.js'
import { buildLadderRuns, type LadderRunsInput } from './build-ladder-runs.js'
import { ladderAxisOf } from './ladder-axis.js'
import type { LadderFix, LadderStopEvent } from './ladder.repository.js'

// Route R1 along a straight 3 km street east: stops A, B, C, D every kilometre. Direction 0 runs east on S0 (two
// trips, one more stop-complete variant S0b skipping B); direction 1 runs back west on S1.
const schedule = handMadeSchedule({
  stops: { A: [0, 0], B: [1000, 0], C: [2000, 0], D: [3000, 0] },
  shapes: { S0: street([0, 0], [3000, 0]), S0b: street([0, 0], [3000, 0]), S1: street([3000, 0], [0, 0]) },
  trips: [
    { tripId: 'T1', routeId: 'R1', shapeId: 'S0', directionId: 0, stopIds: ['A', 'B', 'C', 'D'], times: ['08:00:00', '08:03:00', '08:06:00', '08:09:00'] },
    { tripId: 'T2', routeId: 'R1', shapeId: 'S0', directionId: 0, stopIds: ['A', 'B', 'C', 'D'], times: ['08:10:00', '08:13:00', '08:16:00', '08:19:00'] },
    { tripId: 'V1', routeId: 'R1', shapeId: 'S0b', directionId: 0, stopIds: ['A', 'C', 'D'], times: ['08:20:00', '08:26:00', '08:29:00'] },
    { tripId: 'W1', routeId: 'R1', shapeId: 'S1', directionId: 1, stopIds: ['D', 'C', 'B', 'A'], times: ['08:00:00', '08:03:00', '08:06:00', '08:09:00'] },
  ],
})
const axis = ladderAxisOf(schedule, 'R1', 0)!
const T0 = 1_800_000_000_000
const S = 1000

function event(vehicleId: string, tripId: string, stopId: string, stopIndex: number, arrivalS: number, departureS = arrivalS): LadderStopEvent {
  return { vehicleId, tripId, serviceDate: '2027-01-15', stopId, stopIndex, arrivalMs: T0 + arrivalS * S, departureMs: T0 + departureS * S }
}
const fix = (vehicleId: string, atS: number, eastM: number): LadderFix => ({ vehicleId, atMs: T0 + atS * S, ...at([eastM, 30]) })

function runs(events: LadderStopEvent[], fixes: LadderFix[] = [], window: { fromS?: number; toS?: number; tailMs?: number } = {}) {
  const input: LadderRunsInput = {
    axis, shape: toShapeLine(schedule.shapes.get(axis.shapeId)!), tripOf: (id) => schedule.trips.get(id), events, fixes,
    fromMs: T0 + (window.fromS ?? -3600) * S, toMs: T0 + (window.toS ?? 3600) * S, ...(window.tailMs === undefined ? {} : { tailMs: window.tailMs }),
  }
  return buildLadderRuns(input)
}
/** Points as [seconds after T0, metres to the nearest 10]. */
const plain = (points: Array<[number, number]>) => points.map(([ms, m]) => [(ms - T0) / S, Math.round(m / 10) * 10])

describe('the ladder axis', () => {
  it('takes the shape most of the direction\'s trips run and its stops at their metres', () => {
    expect(axis).toMatchObject({ routeId: 'R1', directionId: 0, shapeId: 'S0', referenceTripId: 'T1' })
    expect(axis.lengthM).toBeCloseTo(3000, -1)
    expect(axis.stops.map((s) => [s.stopId, Math.round(s.distanceM / 10) * 10])).toEqual([['A', 0], ['B', 1000], ['C', 2000], ['D', 3000]])
    expect(ladderAxisOf(schedule, 'R1', 1)).toMatchObject({ shapeId: 'S1', stops: [{ stopId: 'D' }, { stopId: 'C' }, { stopId: 'B' }, { stopId: 'A' }] })
    expect(ladderAxisOf(schedule, 'R2', 0)).toBeNull()
  })
})

describe('ladder runs', () => {
  it('places a run at its stops (a dwell is flat) and its fixes between them on the shape', () => {
    const [run, ...others] = runs(
      [event('bus-1', 'T1', 'A', 1, 0, 30), event('bus-1', 'T1', 'B', 2, 180, 200), event('bus-1', 'T1', 'C', 3, 330), event('bus-1', 'T1', 'D', 4, 480)],
      [fix('bus-1', 10, 0), fix('bus-1', 105, 500), fix('bus-1', 190, 1000), fix('bus-1', 260, 1500), fix('bus-1', 600, 3000)],
    )
    expect(others).toEqual([])
    expect(run).toMatchObject({ vehicleId: 'bus-1', tripId: 'T1', serviceDate: '2027-01-15' })
    // the fixes at A and B fall in dwells and add nothing; the trip is finished at D, so the fix after it is not its
    expect(plain(run!.points)).toEqual([[0, 0], [30, 0], [105, 500], [180, 1000], [200, 1000], [260, 1500], [330, 2000], [480, 3000]])
  })

  it('continues an unfinished run with its fixes towards the next stop, not past the tail nor into the next run', () => {
    const events = [event('bus-1', 'T1', 'A', 1, 0), event('bus-1', 'T1', 'B', 2, 180), event('bus-1', 'T2', 'A', 1, 900)]
    const fixes = [fix('bus-1', 240, 1300), fix('bus-1', 300, 1600), fix('bus-1', 800, 2500), fix('bus-1', 950, 100)]
    const [t1, t2] = runs(events, fixes)
    expect(plain(t1!.points)).toEqual([[0, 0], [180, 1000], [240, 1300], [300, 1600], [800, 2000]]) // 2500 m is held at C: the fix lies past the next stop
    expect(plain(t2!.points)).toEqual([[900, 0], [950, 100]])
    const [short] = runs(events, fixes, { tailMs: 200 * S })
    expect(plain(short!.points)).toEqual([[0, 0], [180, 1000], [240, 1300], [300, 1600]])
  })

  it('ends an unfinished run\'s tail where the bus turns back at the terminal', () => {
    const events = [event('bus-1', 'T1', 'A', 1, 0), event('bus-1', 'T1', 'B', 2, 180), event('bus-1', 'T1', 'C', 3, 360)]
    const fixes = [fix('bus-1', 420, 2500), fix('bus-1', 480, 3000), fix('bus-1', 490, 2990), fix('bus-1', 540, 2800), fix('bus-1', 600, 2500)]
    expect(plain(runs(events, fixes)[0]!.points)).toEqual([[0, 0], [180, 1000], [360, 2000], [420, 2500], [480, 3000], [490, 2990]])
  })

  it('keeps only the window, and the last point before it so a line enters from the edge', () => {
    const events = [event('bus-1', 'T1', 'A', 1, 0), event('bus-1', 'T1', 'B', 2, 180), event('bus-1', 'T1', 'C', 3, 360), event('bus-1', 'T1', 'D', 4, 540)]
    expect(plain(runs(events, [], { fromS: 200, toS: 400 })[0]!.points)).toEqual([[180, 1000], [360, 2000]])
    expect(runs(events, [], { fromS: 600 })).toEqual([])
  })

  it('plots a variant by the stops it shares with the axis and leaves out the other direction', () => {
    const result = runs([event('bus-2', 'V1', 'A', 1, 0), event('bus-2', 'V1', 'C', 2, 360), event('bus-3', 'W1', 'D', 1, 0), event('bus-3', 'W1', 'C', 2, 180)])
    expect(result.map((r) => [r.vehicleId, plain(r.points)])).toEqual([['bus-2', [[0, 0], [360, 2000]]]])
  })

  it('orders runs by their first point', () => {
    const result = runs([event('bus-9', 'T1', 'A', 1, 60), event('bus-1', 'T2', 'A', 1, 600), event('bus-5', 'T1', 'B', 2, 0)])
    expect(result.map((r) => r.vehicleId)).toEqual(['bus-5', 'bus-9', 'bus-1'])
  })
})
