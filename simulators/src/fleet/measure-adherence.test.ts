import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { describe, expect, it } from 'vitest'
import { measureAdherence } from './measure-adherence.js'

// The demo's timetable and the simulator's traffic agree as in a real city (issue 20, part 5): at any hour most of
// the simulated fleet is on time (−1/+5 min), by the simulator's own ground truth, not by what Masar makes of it.
describe('the demo fleet on the demo feed (simulator ground truth)', () => {
  it('is on time for 70–85 % of its buses in the morning peak, at noon and in the evening, none hours late', async () => {
    const schedule = await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
    const windows = measureAdherence({ schedule, serviceDate: '2026-03-10', startHours: [7, 12, 17, 22], windowMinutes: 60, seed: 206 })
    for (const w of windows) {
      expect(w.buses, `${w.startHour}:00`).toBeGreaterThan(40)
      expect(w.onTimeShare, `${w.startHour}:00`).toBeGreaterThanOrEqual(0.7)
      expect(w.onTimeShare, `${w.startHour}:00`).toBeLessThanOrEqual(0.85)
      expect(Math.abs(w.medianDeviationS), `${w.startHour}:00`).toBeLessThan(120)
      expect(w.p90DeviationS, `${w.startHour}:00`).toBeLessThan(15 * 60)
    }
  }, 60_000)
})
