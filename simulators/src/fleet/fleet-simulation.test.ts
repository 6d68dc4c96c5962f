import { Schedule, type ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import { cumulativeDistancesM, haversineM } from '@masar/model/geo/polyline'
import { describe, expect, it } from 'vitest'
import { createRandom } from '../tracker/random.js'
import type { BusEvent, StopVisit } from './bus.js'
import { FleetSimulation, type FleetOptions } from './fleet-simulation.js'

// A 6 km street running east from Sweileh, six stops 1.2 km apart, and a timetable at 20 km/h (216 s a leg).
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((32.02 * Math.PI) / 180)
const at = (eastM: number) => ({ lat: 32.02, lon: 35.84 + eastM / M_PER_DEG_LON })
const LEG_S = 216
const DATE = '2026-11-23' // a Monday: a working day in Amman

function trip(tripId: string, blockId: string, startS: number, eastbound: boolean): ScheduleTrip {
  const stopIds = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5']
  const ordered = eastbound ? stopIds : [...stopIds].reverse()
  const times = Int32Array.from(ordered, (_, i) => startS + i * LEG_S)
  return {
    tripId, routeId: 'R1', serviceId: 'WK', directionId: eastbound ? 0 : 1, blockId, shapeId: eastbound ? 'EAST' : 'WEST', headsign: null,
    stopIds: ordered, arrivals: times, departures: Int32Array.from(times), shapeDistTraveled: new Float64Array(6).fill(Number.NaN), distancesM: new Float64Array(0),
  }
}

function shape(shapeId: string, eastbound: boolean) {
  const points = Array.from({ length: 13 }, (_, i) => at((eastbound ? i : 12 - i) * 500))
  const lats = Float64Array.from(points, (p) => p.lat)
  const lons = Float64Array.from(points, (p) => p.lon)
  return { shapeId, lats, lons, distancesM: cumulativeDistancesM(lats, lons), feedDistances: null }
}

/** Two buses: one in the morning peak, one at night; each out and back twice. */
function schedule(): Schedule {
  const trips: ScheduleTrip[] = []
  for (const [block, first] of [['PEAK', 7.5 * 3600], ['NIGHT', 22 * 3600]] as const) {
    for (let k = 0; k < 4; k++) trips.push(trip(`${block}-${k}`, block, first + k * 1800, k % 2 === 0))
  }
  return new Schedule({
    feedId: 1, timeZone: 'Asia/Amman',
    stops: Array.from({ length: 6 }, (_, i) => ({ stopId: `S${i}`, code: null, name: `Stop ${i}`, translations: {}, ...at(i * 1200) })),
    routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }],
    trips, shapes: [shape('EAST', true), shape('WEST', false)],
    calendar: [{ serviceId: 'WK', days: [true, true, true, true, true, true, true], startDate: '2026-01-01', endDate: '2026-12-31' }],
    calendarDates: [], frequencies: [],
  })
}

const CALM: FleetOptions['behaviour'] = { latePullOutRate: 0, breakdownsPerHour: 0, detourRate: 0 }

function run(options: Partial<FleetOptions> = {}) {
  const events: BusEvent[] = []
  const sim = new FleetSimulation({ schedule: schedule(), serviceDate: DATE, random: createRandom(7), behaviour: CALM, congestion: { eventsPerHour: 0 }, ...options }, (e) => events.push(e))
  const positions: Array<ReturnType<FleetSimulation['step']>[number]> = []
  for (let t = sim.span.fromMs; !sim.done && t < sim.span.toMs; ) {
    t += 1000
    positions.push(...sim.step(t, 1))
  }
  const visits = events.flatMap((e) => (e.kind === 'visit' ? [e.visit] : []))
  return { sim, events, positions, visits }
}

const tripSeconds = (visits: StopVisit[], tripId: string) => {
  const own = visits.filter((v) => v.tripId === tripId)
  return (own.at(-1)!.arrivalMs - own[0]!.departureMs) / 1000
}

describe('the fleet simulation', () => {
  it('is deterministic: the same seed gives the same positions and events', () => {
    const a = run({ random: createRandom(42), behaviour: {} , congestion: {} })
    const b = run({ random: createRandom(42), behaviour: {}, congestion: {} })
    expect(b.positions).toEqual(a.positions)
    expect(b.events).toEqual(a.events)
    expect(run({ random: createRandom(43), behaviour: {}, congestion: {} }).positions).not.toEqual(a.positions)
  })

  it('visits every stop of every trip, in order, standing at the stop when it arrives', () => {
    const { visits } = run()
    expect(visits).toHaveLength(2 * 4 * 6)
    const stops = schedule().stops
    for (const visit of visits) {
      const stop = stops.get(visit.stopId)!
      expect(haversineM(visit.lat, visit.lon, stop.lat, stop.lon)).toBeLessThan(5)
      expect(visit.departureMs).toBeGreaterThanOrEqual(visit.arrivalMs)
    }
    for (const tripId of ['PEAK-0', 'NIGHT-3']) {
      const sequence = visits.filter((v) => v.tripId === tripId).map((v) => v.stopSequence)
      expect(sequence).toEqual([1, 2, 3, 4, 5, 6])
    }
  })

  // The timetable's pace already holds the traffic of its hour (gtfs/loader demo/running-times.ts builds the demo's so):
  // a bus on time keeps it at any hour; one running later than its timetable into heavier traffic loses more.
  it('keeps a timetable built for its hour when on time, falls further behind when late into heavier traffic, and never leaves a terminal early', () => {
    const still = { corridorTraffic: { characterSdLog: 0, sdLog: 0 } }
    const jamAfter8: FleetOptions['traffic'] = { workday: [[0, 1], [7.9, 1], [8.1, 0.5], [24, 0.5]], friday: [[0, 1], [24, 1]] }
    const onTime = run({ ...still, traffic: jamAfter8 })
    expect(tripSeconds(onTime.visits, 'PEAK-0')).toBeGreaterThan(5 * LEG_S * 0.9)
    expect(tripSeconds(onTime.visits, 'PEAK-0')).toBeLessThan(5 * LEG_S * 1.1)
    const late = run({ ...still, traffic: jamAfter8, behaviour: { ...CALM, latePullOutRate: 1, latePullOutMin: [30, 30] } })
    expect(tripSeconds(late.visits, 'PEAK-0')).toBeGreaterThan(tripSeconds(onTime.visits, 'PEAK-0') * 1.3)
    for (const visit of [...onTime.visits, ...late.visits].filter((v) => v.stopSequence === 1)) {
      expect(visit.departureMs).toBeGreaterThanOrEqual(visit.scheduledDepartureMs)
    }
    // the late bus reaches the end of its trip late, and its layover absorbs part of it: the next trip leaves late by less
    const end = late.visits.filter((v) => v.tripId === 'PEAK-0').at(-1)!
    expect(end.arrivalMs - end.scheduledArrivalMs).toBeGreaterThan(30 * 60_000)
    const next = late.visits.find((v) => v.tripId === 'PEAK-1')!
    expect(next.departureMs - next.scheduledDepartureMs).toBeLessThan(end.arrivalMs - end.scheduledArrivalMs)
  })

  it('slows every bus that crosses an incident while it lasts', () => {
    const calm = run()
    const jammed = run({ congestion: { eventsPerHour: 400, radiusM: [3000, 3000], factor: [0.3, 0.3], durationMin: [600, 600] } })
    expect(jammed.sim.congestion.length).toBeGreaterThan(0)
    expect(tripSeconds(jammed.visits, 'NIGHT-0')).toBeGreaterThan(tripSeconds(calm.visits, 'NIGHT-0') * 1.5)
  })

  it('leaves the route on a detour, skipping the stops it bypasses, and comes back to it', () => {
    const { events, positions } = run({ behaviour: { ...CALM, detourRate: 1, detourOffsetM: [200, 200], detourLengthM: [2500, 2500] } })
    const skipped = events.filter((e) => e.kind === 'skipped-stop')
    expect(skipped.length).toBeGreaterThan(0)
    const offRoute = positions.filter((p) => Math.abs(p.lat - 32.02) * M_PER_DEG_LAT > 150)
    expect(offRoute.length).toBeGreaterThan(0)
    expect(Math.abs(positions.at(-1)!.lat - 32.02) * M_PER_DEG_LAT).toBeLessThan(600) // at its depot, near the line
  })

  it('breaks down, and a broken bus may run to the depot instead of finishing its trip', () => {
    const { events } = run({ behaviour: { ...CALM, breakdownsPerHour: 30, breakdownToDepotShare: 1 } })
    const kinds = events.map((e) => e.kind)
    expect(kinds).toContain('breakdown')
    expect(kinds).toContain('to-depot')
    expect(events.some((e) => e.kind === 'skipped-stop' && e.reason === 'breakdown')).toBe(true)
    expect(kinds.filter((k) => k === 'off-duty')).toHaveLength(2)
  })

  it('pulls out late when told to', () => {
    const late = run({ behaviour: { ...CALM, latePullOutRate: 1, latePullOutMin: [10, 10] } })
    const first = late.visits.find((v) => v.tripId === 'PEAK-0')!
    expect(first.departureMs - first.scheduledDepartureMs).toBe(10 * 60_000)
  })
})
