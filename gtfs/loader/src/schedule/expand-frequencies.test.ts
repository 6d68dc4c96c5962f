import { describe, expect, it } from 'vitest'
import { expandFrequencies, type TripFrequency } from './expand-frequencies.js'
import type { ScheduleTrip } from './schedule.js'

const template = (tripId: string): ScheduleTrip => ({
  tripId, routeId: 'R', serviceId: 'S', directionId: 0, blockId: null, shapeId: null, headsign: null,
  stopIds: ['S1', 'S2', 'S3'],
  arrivals: Int32Array.from([6 * 3600, 6 * 3600 + 360, 6 * 3600 + 720]),
  departures: Int32Array.from([6 * 3600, 6 * 3600 + 360, 6 * 3600 + 720]),
  shapeDistTraveled: Float64Array.from([0, 1000, 2000]),
  distancesM: Float64Array.from([0, 1000, 2000]),
})

describe('expandFrequencies', () => {
  // GTFS frequencies.txt: trips start every headway_secs from start_time; end_time is when that headway stops
  it('runs from start_time every headway until end_time, exclusive, over several windows and past midnight', () => {
    const frequencies: TripFrequency[] = [
      { tripId: 'FREQ', startS: 6 * 3600, endS: 9 * 3600, headwayS: 300, exactTimes: false },
      { tripId: 'FREQ', startS: 9 * 3600, endS: 24.5 * 3600, headwayS: 900, exactTimes: false },
    ]
    const runs = expandFrequencies([template('FREQ')], frequencies)
    expect(runs).toHaveLength(36 + 62)
    expect(runs[0]!.tripId).toBe('FREQ@06:00:00')
    expect(runs[1]!.tripId).toBe('FREQ@06:05:00')
    expect(runs.at(-1)!.tripId).toBe('FREQ@24:15:00')
    expect([...runs.at(-1)!.arrivals]).toEqual([24 * 3600 + 900, 24 * 3600 + 900 + 360, 24 * 3600 + 900 + 720])
    expect(runs.every((run) => run.headwayBased && run.templateTripId === 'FREQ')).toBe(true)
    expect([runs[0]!.headwayS, runs[35]!.headwayS, runs[36]!.headwayS, runs.at(-1)!.headwayS]).toEqual([300, 300, 900, 900]) // each run its window's headway
  })

  it('marks exact_times 1 runs as a timetable, and leaves trips without frequencies alone', () => {
    const runs = expandFrequencies([template('EXACT'), template('PLAIN')], [{ tripId: 'EXACT', startS: 6 * 3600, endS: 10 * 3600, headwayS: 600, exactTimes: true }])
    expect(runs.filter((r) => r.templateTripId === 'EXACT')).toHaveLength(24)
    expect(runs.filter((r) => r.templateTripId === 'EXACT').every((r) => r.headwayBased === false)).toBe(true)
    expect(runs.find((r) => r.tripId === 'PLAIN')?.templateTripId).toBeUndefined()
  })
})
