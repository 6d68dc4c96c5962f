import { fileURLToPath } from 'node:url'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { describe, expect, it } from 'vitest'
import { SMALL_FEED_DIR } from '../gtfs-rt/conformance/fixtures/small-feed-messages.js'
import { tripById } from './trip-by-id.js'

// F0 runs every 10 min from 06:00 to 08:00 (exact_times 0), 15 min from first stop to last; Amman is UTC+3 in 2025
const schedule = await readScheduleFromFeed(fileURLToPath(SMALL_FEED_DIR))
const at = (hhmm: string) => Date.parse(`2025-06-10T${hhmm}:00+03:00`)

describe('the trip a rider\'s link names', () => {
  it('is a timetabled trip or a run by its own id', () => {
    const timetabled = [...schedule.trips.values()].find((trip) => trip.templateTripId === undefined)!
    expect(tripById(schedule, timetabled.tripId, { nowMs: at('07:00'), workedRunIds: new Set() })).toBe(timetabled)
    expect(tripById(schedule, 'F0@06:30:00', { nowMs: at('07:00'), workedRunIds: new Set() })?.tripId).toBe('F0@06:30:00')
  })

  it('is, by a frequency-based trip\'s template id (as GTFS-Realtime and the arrivals name it), the run a bus works now', () => {
    expect(tripById(schedule, 'F0', { nowMs: at('07:00'), workedRunIds: new Set(['F0@06:50:00', 'OTHER']) })?.tripId).toBe('F0@06:50:00')
  })

  it('else the first run of today that has not ended, else today\'s last', () => {
    expect(tripById(schedule, 'F0', { nowMs: at('07:00'), workedRunIds: new Set() })?.tripId).toBe('F0@06:50:00') // 06:50–07:05
    expect(tripById(schedule, 'F0', { nowMs: at('05:00'), workedRunIds: new Set() })?.tripId).toBe('F0@06:00:00')
    expect(tripById(schedule, 'F0', { nowMs: at('22:00'), workedRunIds: new Set() })?.tripId).toBe('F0@07:50:00')
  })

  it('is nothing for an id the feed does not have', () => {
    expect(tripById(schedule, 'NOPE', { nowMs: at('07:00'), workedRunIds: new Set() })).toBeUndefined()
  })
})
