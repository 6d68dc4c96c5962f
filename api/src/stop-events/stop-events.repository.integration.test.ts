import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { insertStopEvents, type ScheduledStopEvent } from './stop-events.repository.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await database?.close()
})

const at = Date.parse('2026-12-07T08:00:00Z')
const visit = (stopIndex: number, arrivalMs: number): ScheduledStopEvent => ({
  vehicleId: 'bus-1', tripId: 'T1', routeId: 'R1', serviceDate: '2026-12-07', stopId: `S${stopIndex}`, stopIndex, arrivalMs, departureMs: arrivalMs + 20_000,
  observed: false, scheduledArrivalMs: null, feedId: null,
})

it('stores a visit once: the same trip, day and stop found again (as by an engine taking over) at a slightly different time is not stored twice', async () => {
  expect(await insertStopEvents(database.pool, [visit(1, at), visit(2, at + 60_000)])).toBe(2)
  // the new leader matched the last minutes again: the same visits, interpolated 4 s apart, and one new
  expect(await insertStopEvents(database.pool, [visit(1, at + 4000), visit(2, at + 61_000), visit(3, at + 120_000), visit(3, at + 121_000)])).toBe(1)
  const { rows } = await database.pool.query<{ stop_index: number; arrival_at: Date }>('SELECT stop_index, arrival_at FROM stop_events ORDER BY stop_index')
  expect(rows).toEqual([
    { stop_index: 1, arrival_at: new Date(at) },
    { stop_index: 2, arrival_at: new Date(at + 60_000) },
    { stop_index: 3, arrival_at: new Date(at + 120_000) },
  ])
})
