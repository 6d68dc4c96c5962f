import { describe, expect, it } from 'vitest'
import { handMadeSchedule, street, type HandMadeTrip } from './testing/hand-made-schedule.js'
import { traceOfTrip } from './testing/hand-made-trace.js'
import type { VehicleFix, VehicleMatch } from './vehicle-match.js'
import { createVehicleMatcher } from './vehicle-matcher.js'

// Hand-made traces on hand-drawn schedules: where the matcher must read direction, loops, shared streets,
// layovers and the service day from the evidence. 2026-11-23 is a Monday.
const MONDAY = '2026-11-23'
const gtfs = (hh: number, mm: number, ss = 0) => hh * 3600 + mm * 60 + ss

/** Asserts a non-empty list of matches all satisfy a condition. */
function expectEvery(matches: readonly VehicleMatch[], condition: (m: VehicleMatch) => boolean): void {
  expect(matches.length).toBeGreaterThan(0)
  expect(matches.filter((m) => !condition(m))).toEqual([])
}

function matchAll(schedule: Parameters<typeof createVehicleMatcher>[0], fixes: readonly VehicleFix[]): VehicleMatch[] {
  const matcher = createVehicleMatcher(schedule)
  return fixes.map((fix) => matcher.observe(fix))
}

/** Five stops 1 km apart on a 4 km street, three minutes a leg. */
const EAST_STOPS = ['S0', 'S1', 'S2', 'S3', 'S4']
const STREET_STOPS = Object.fromEntries(EAST_STOPS.map((id, i) => [id, [i * 1000, 0] as const]))
const legs = (h: number, m: number) => EAST_STOPS.map((_, i) => `${String(h).padStart(2, '0')}:${String(m + 3 * i).padStart(2, '0')}:00`)
const eastTrip = (tripId: string, blockId: string, h: number, m: number): HandMadeTrip => ({ tripId, routeId: 'R1', shapeId: 'EAST', stopIds: EAST_STOPS, times: legs(h, m), blockId, directionId: 0 })
const westTrip = (tripId: string, blockId: string, h: number, m: number): HandMadeTrip => ({ tripId, routeId: 'R1', shapeId: 'WEST', stopIds: [...EAST_STOPS].reverse(), times: legs(h, m), blockId, directionId: 1 })
const SHAPES = { EAST: street([0, 0], [4000, 0]), WEST: street([4000, 0], [0, 0]) }

describe('createVehicleMatcher on hand-made traces', () => {
  it('reads the direction of a two-way street from progress when the tracker gives no bearing', () => {
    const schedule = handMadeSchedule({ stops: STREET_STOPS, shapes: SHAPES, trips: [eastTrip('E1', 'B1', 8, 0), westTrip('W1', 'B2', 8, 0)] })
    // At 08:05:30 both trips are 170 m from the middle stop, on time: only the way the bus moves tells them apart.
    const fixes = traceOfTrip(schedule, 'W1', { serviceDate: MONDAY, fromS: gtfs(8, 5, 30), toS: gtfs(8, 11), withMotion: false })
    const matches = matchAll(schedule, fixes)
    expectEvery(matches.slice(4), (m) => m.tripId === 'W1' && m.directionId === 1 && m.status === 'in-service')
    const along = matches.slice(4).map((m) => m.distanceAlongTripM!)
    expect(along.every((d, i) => i === 0 || d >= along[i - 1]! - 40)).toBe(true)
  })

  it('follows a loop that passes a stop twice, telling the passes apart by progress and time', () => {
    // T → A (east), round the loop B, C back to A, then A → T (west) on the same street.
    const schedule = handMadeSchedule({
      stops: { T: [0, 0], A: [1000, 0], B: [2000, 500], C: [1500, 1000] },
      shapes: { LOOP: [[0, 0], [1000, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 0], [0, 0]] },
      trips: [{ tripId: 'L1', routeId: 'L', shapeId: 'LOOP', stopIds: ['T', 'A', 'B', 'C', 'A', 'T'], times: ['08:00:00', '08:03:00', '08:07:30', '08:10:30', '08:15:00', '08:18:00'] }],
    })
    const matches = matchAll(schedule, traceOfTrip(schedule, 'L1', { serviceDate: MONDAY, noiseM: 4 }))
    const back = matches.filter((m) => m.atMs > Date.parse('2026-11-23T08:15:30+03:00'))
    expect(back.length).toBeGreaterThan(10)
    expectEvery(back, (m) => m.tripId === 'L1' && m.distanceAlongTripM! > 5000 && m.nextStopIndex === 5)
    // Seen first on the way back, the bus is placed on the second pass (the first would be 13 minutes late).
    const late = traceOfTrip(schedule, 'L1', { serviceDate: MONDAY, fromS: gtfs(8, 16), toS: gtfs(8, 17) })
    expect(matchAll(schedule, late).at(-1)).toMatchObject({ tripId: 'L1', nextStopIndex: 5, nextStopId: 'T' })
  })

  it('tells two routes on a shared street apart by time, and re-matches when the bus turns off the other way', () => {
    const schedule = handMadeSchedule({
      stops: { ...STREET_STOPS, N3: [2000, 1000], N4: [2000, 2000] },
      shapes: { EAST: street([0, 0], [4000, 0]), NORTH: [...street([0, 0], [2000, 0]), ...street([2000, 0], [2000, 2000]).slice(1)] },
      trips: [
        eastTrip('R1-0800', 'B1', 8, 0),
        { tripId: 'R2-0810', routeId: 'R2', shapeId: 'NORTH', stopIds: ['S0', 'S1', 'S2', 'N3', 'N4'], times: legs(8, 10), blockId: 'B2' },
      ],
    })
    const onTime = matchAll(schedule, traceOfTrip(schedule, 'R2-0810', { serviceDate: MONDAY }))
    expectEvery(onTime.slice(1), (m) => m.tripId === 'R2-0810')
    // R1's 08:00 trip running ten minutes late looks like R2's on the shared street, until it goes on east.
    const late = traceOfTrip(schedule, 'R1-0800', { serviceDate: MONDAY, lateS: 600 })
    const matches = matchAll(schedule, late)
    const turnMs = Date.parse('2026-11-23T08:16:00+03:00')
    expect(matches.find((m) => m.atMs > turnMs - 120_000)?.tripId).toBe('R2-0810')
    const afterTurn = matches.filter((m) => m.atMs > turnMs + 60_000)
    expect(afterTurn.length).toBeGreaterThan(20)
    expectEvery(afterTurn, (m) => m.tripId === 'R1-0800' && m.scheduleDeviationS! > 500)
  })

  it('lays over at the terminal for the next trip of its block, not for another block leaving sooner', () => {
    const schedule = handMadeSchedule({
      stops: STREET_STOPS, shapes: SHAPES,
      trips: [eastTrip('E1', 'B1', 8, 0), westTrip('W1', 'B1', 8, 20), westTrip('W2', 'B2', 8, 17)],
    })
    const fixes = [
      ...traceOfTrip(schedule, 'E1', { serviceDate: MONDAY }),
      ...traceOfTrip(schedule, 'W1', { serviceDate: MONDAY, fromS: gtfs(8, 12, 10), toS: gtfs(8, 19, 50) }), // standing at S4
      ...traceOfTrip(schedule, 'W1', { serviceDate: MONDAY }),
      ...traceOfTrip(schedule, 'W1', { serviceDate: MONDAY, fromS: gtfs(8, 32, 10), toS: gtfs(8, 34) }), // standing at S0: the block is done
    ]
    const matches = matchAll(schedule, fixes)
    const between = (from: string, to: string) => matches.filter((m) => m.atMs >= Date.parse(`${MONDAY}T${from}+03:00`) && m.atMs <= Date.parse(`${MONDAY}T${to}+03:00`))
    expectEvery(between('08:00:10', '08:11:50'), (m) => m.tripId === 'E1' && m.status === 'in-service' && m.blockId === 'B1')
    expectEvery(between('08:12:10', '08:19:50'), (m) => m.tripId === 'W1' && m.status === 'layover' && m.nextStopId === 'S4')
    expectEvery(between('08:20:30', '08:31:50'), (m) => m.tripId === 'W1' && m.status === 'in-service')
    expectEvery(between('08:32:10', '08:34:00'), (m) => m.tripId === 'W1' && m.status === 'deadhead')
  })

  it('does not put a bus on a trip another bus declares, however well it fits', () => {
    // Bus B drives the street 30 s behind bus A, before its own trip (E2, 08:20: too far ahead to be it).
    const schedule = handMadeSchedule({ stops: STREET_STOPS, shapes: SHAPES, trips: [eastTrip('E1', 'B1', 8, 0), eastTrip('E2', 'B2', 8, 20)] })
    const busA = traceOfTrip(schedule, 'E1', { serviceDate: MONDAY, vehicleId: 'A', declaredTripId: 'E1', seed: 1 })
    const busB = (declaredTripId?: string) => traceOfTrip(schedule, 'E1', { serviceDate: MONDAY, vehicleId: 'B', lateS: 30, seed: 2, ...(declaredTripId ? { declaredTripId } : {}) })
    const matchesOfB = (fixes: VehicleFix[]) => matchAll(schedule, fixes.sort((a, b) => a.atMs - b.atMs)).filter((m) => m.vehicleId === 'B').slice(2)

    expectEvery(matchesOfB([...busB('E2')]), (m) => m.tripId === 'E1') // alone, B fits E1 best
    expectEvery(matchesOfB([...busA, ...busB('E2')]), (m) => m.tripId !== 'E1') // A says E1 is its own
    expectEvery(matchesOfB([...busA, ...busB()]), (m) => m.tripId !== 'E1') // whether or not B declares a trip
  })

  it('matches a trip past midnight to the previous day\'s service', () => {
    // GTFS stop_times.txt: arrival_time may exceed 24:00:00 for trips that run past midnight.
    const mondaysOnly = [{ serviceId: 'MON', days: [true, false, false, false, false, false, false] as const, startDate: '2026-01-01', endDate: '2026-12-31' }]
    const night: HandMadeTrip = { ...eastTrip('N1', 'NB', 24, 20), serviceId: 'MON' }
    const schedule = handMadeSchedule({ stops: STREET_STOPS, shapes: SHAPES, trips: [night, { ...eastTrip('D1', 'DB', 0, 20), serviceId: 'MON' }], calendar: mondaysOnly })
    const fixes = traceOfTrip(schedule, 'N1', { serviceDate: MONDAY, lateS: 60 })
    expect(new Date(fixes[0]!.atMs).toISOString()).toBe('2026-11-23T21:21:00.000Z') // Tuesday 00:21 in Amman
    const matches = matchAll(schedule, fixes)
    expectEvery(matches.slice(1), (m) => m.tripId === 'N1' && m.serviceDate === MONDAY)
    expect(Math.abs(matches.at(-10)!.scheduleDeviationS! - 60)).toBeLessThan(30)
  })
})
