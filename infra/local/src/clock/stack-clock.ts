import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { localDateOf } from '@masar/model/gtfs/service-day'
import { parseStart } from '@masar/simulators/fleet/parse-sim-args'
import { busesInServiceAt } from './buses-in-service.js'

/**
 * The clock the whole embedded stack runs on: the simulator stamps its fixes with it, ingest judges "from the
 * future / too old" by it, the api computes staleness, matching, predictions and feeds by it, and tells it to the
 * dashboard (GET /api/v1/time). Real time, or a demo clock: real time shifted by a constant, so it still advances
 * one second a second.
 */
export interface StackClock {
  now(): number
  /** Stack clock minus real clock (0 at real time). */
  offsetMs: number
  /**
   * real: the wall clock; sim-start: shifted to SIM_START; night-demo: shifted because no bus runs at this hour;
   * replay: shifted to the first record of the trace replayed (MASAR_REPLAY).
   */
  mode: 'real' | 'sim-start' | 'night-demo' | 'replay'
  /** Where the clock started, and the feed's time zone to show it in. */
  startMs: number
  timeZone: string
}

export function createStackClock(choice: ClockChoice, timeZone: string, realNow: () => number = Date.now): StackClock {
  const { offsetMs } = choice
  return { now: offsetMs === 0 ? realNow : () => realNow() + offsetMs, offsetMs, mode: choice.mode, startMs: choice.startMs, timeZone }
}

/** When the night demo starts: this hour (local, in the feed's time zone) on the first day with buses out then. */
const NIGHT_DEMO_CLOCK = '08:00'
const NIGHT_DEMO_DAYS_AHEAD = 7

export interface ClockChoice {
  /** Where the stack's clock starts (the simulated start). */
  startMs: number
  offsetMs: number
  mode: StackClock['mode']
}

/**
 * Which clock `npm start` runs: a replayed trace's (MASAR_REPLAY) from its first record replayed; a real deployment (no simulator) and SIM_START=now always the wall clock;
 * SIM_START (HH:MM today in the feed's zone, or an instant) shifts it there; without SIM_START, when no bus of the
 * feed is in service now (night), 08:00 of the current service day, or of the next day with buses out at 08:00,
 * so a demo at any hour shows a fleet.
 */
export function chooseStackClock(options: { simulator: { enabled: boolean; start: string | undefined; speed: number }; schedule: Schedule | null; realNowMs: number; replayStartMs?: number | null }): ClockChoice {
  const { simulator, schedule, realNowMs } = options
  const real: ClockChoice = { startMs: realNowMs, offsetMs: 0, mode: 'real' }
  // a replay brings its own day: the clock starts at its first record, whatever the simulator settings say
  if (options.replayStartMs != null) return { startMs: options.replayStartMs, offsetMs: options.replayStartMs - realNowMs, mode: 'replay' }
  if (!simulator.enabled || simulator.start === 'now') return real
  if (simulator.start !== undefined) {
    const startMs = parseStart(simulator.start, simulator.speed, schedule?.timeZone ?? 'UTC', realNowMs)
    return { startMs, offsetMs: startMs - realNowMs, mode: 'sim-start' }
  }
  if (!schedule || busesInServiceAt(schedule, realNowMs) > 0) return real
  const [year, month, day] = localDateOf(realNowMs, schedule.timeZone).split('-').map(Number) as [number, number, number]
  for (let ahead = 0; ahead <= NIGHT_DEMO_DAYS_AHEAD; ahead++) {
    const dayMs = Date.UTC(year, month - 1, day + ahead, 12) // noon UTC: that local date in every zone from −12 h to +11 h
    const startMs = parseStart(NIGHT_DEMO_CLOCK, 1, schedule.timeZone, dayMs)
    if (busesInServiceAt(schedule, startMs) > 0) return { startMs, offsetMs: startMs - realNowMs, mode: 'night-demo' }
  }
  return real // a feed with no service this week (expired?): nothing a clock shift can show
}
