import { describe, expect, it } from 'vitest'
import { handMadeSchedule, street, type HandMadeTrip } from './testing/hand-made-schedule.js'
import { traceOfTrip } from './testing/hand-made-trace.js'
import type { VehicleFix, VehicleMatch } from './vehicle-match.js'
import { createVehicleMatcher, type VehicleMatcher } from './vehicle-matcher.js'

// Schedules without blocks (many feeds have no block_id) and trackers that send positions only: what a bus did
// before, and what the other buses run, must tell its trip. 2026-11-23 is a Monday.
const MONDAY = '2026-11-23'
const gtfs = (hh: number, mm: number, ss = 0) => hh * 3600 + mm * 60 + ss
const STOPS = ['S0', 'S1', 'S2', 'S3', 'S4']
const STREET_STOPS = Object.fromEntries(STOPS.map((id, i) => [id, [i * 1000, 0] as const]))
const legs = (h: number, m: number) => STOPS.map((_, i) => `${String(h).padStart(2, '0')}:${String(m + 3 * i).padStart(2, '0')}:00`)
const east = (tripId: string, h: number, m: number, routeId = 'R1'): HandMadeTrip => ({ tripId, routeId, shapeId: 'EAST', stopIds: STOPS, times: legs(h, m), directionId: 0 })
const west = (tripId: string, h: number, m: number, routeId = 'R1'): HandMadeTrip => ({ tripId, routeId, shapeId: 'WEST', stopIds: [...STOPS].reverse(), times: legs(h, m), directionId: 1 })
const SHAPES = { EAST: street([0, 0], [4000, 0]), WEST: street([4000, 0], [0, 0]) }

function observeAll(matcher: VehicleMatcher, fixes: readonly VehicleFix[]): VehicleMatch[] {
  return [...fixes].sort((a, b) => a.atMs - b.atMs).map((fix) => matcher.observe(fix))
}

describe('createVehicleMatcher without blocks, trips hidden', () => {
  it('puts a bus that finished a trip and lays over on the next trip leaving from there, not the one after or another route', () => {
    // E1 ends at S4 at 08:12; from S4 leave X1 of route R2 at 08:15, W1 at 08:20 and W2 at 08:35.
    const schedule = handMadeSchedule({ stops: STREET_STOPS, shapes: SHAPES, trips: [east('E1', 8, 0), west('X1', 8, 15, 'R2'), west('W1', 8, 20), west('W2', 8, 35)] })
    const fixes = [
      ...traceOfTrip(schedule, 'E1', { serviceDate: MONDAY, intervalS: 30 }),
      ...traceOfTrip(schedule, 'W1', { serviceDate: MONDAY, intervalS: 30, fromS: gtfs(8, 12, 30) }),
    ]
    const matches = observeAll(createVehicleMatcher(schedule), fixes)
    const at = (from: string, to: string) => matches.filter((m) => m.atMs >= Date.parse(`${MONDAY}T${from}+03:00`) && m.atMs < Date.parse(`${MONDAY}T${to}+03:00`))
    expect(at('08:01:00', '08:11:30').every((m) => m.tripId === 'E1' && m.status === 'in-service')).toBe(true)
    // Standing at S4 from the second fix after the arrival: laying over for W1 (X1 is another route's, W2 is later).
    const layover = at('08:13:30', '08:20:00')
    expect(layover.length).toBeGreaterThan(10)
    expect(layover.every((m) => m.tripId === 'W1' && m.status === 'layover')).toBe(true)
    expect(at('08:21:00', '08:32:00').every((m) => m.tripId === 'W1' && m.status === 'in-service')).toBe(true)
  })

  it('keeps a trip one bus runs away from a bus running four minutes early behind it', () => {
    // T1 at 08:00 and T2 at 08:10 on one street. Bus B, seen from 1 km along, runs T2 four minutes early: alone it
    // looks more like T1 six minutes late (lateness is likelier than running early), but bus A is running T1.
    const schedule = handMadeSchedule({ stops: STREET_STOPS, shapes: SHAPES, trips: [east('T1', 8, 0), east('T2', 8, 10)] })
    const busB = traceOfTrip(schedule, 'T2', { serviceDate: MONDAY, vehicleId: 'bus-B', lateS: -240, fromS: gtfs(8, 9, 30), intervalS: 20 })
    const alone = observeAll(createVehicleMatcher(schedule), busB)
    expect(alone.at(-1)!.tripId).toBe('T1')

    const busA = traceOfTrip(schedule, 'T1', { serviceDate: MONDAY, vehicleId: 'bus-A', intervalS: 20 })
    const matcher = createVehicleMatcher(schedule)
    const matches = observeAll(matcher, [...busA, ...busB])
    const ofB = matches.filter((m) => m.vehicleId === 'bus-B')
    expect(ofB.slice(-10).every((m) => m.tripId === 'T2')).toBe(true)
    expect(matches.filter((m) => m.vehicleId === 'bus-A').slice(1).every((m) => m.tripId === 'T1')).toBe(true)
  })
})
