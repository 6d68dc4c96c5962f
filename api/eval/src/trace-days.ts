import { serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'

/**
 * A multi-day trace split for "learn across days, test on a later day": its days are local dates with the day
 * changing at 03:00 (owl trips after midnight stay with the evening before); the test day is scored, the training
 * days before it are replayed learning only. Records of other days are left out.
 */
const DAY_BOUNDARY_MS = 3 * 3600_000
const DAY_MS = 86_400_000

export interface TraceSplit {
  testDay: string
  trainingDays: string[]
  /** Where the test day starts (local 03:00): predictions made from here are scored. */
  testFromMs: number
  /** Where the last training day starts: predictions made from here on learn the error spread, unscored. */
  lastTrainingFromMs: number | null
  records: TraceRecord[]
}

export class TraceSplitError extends Error {
  readonly code = 'EVAL_INVALID_SPLIT'
}

const dayStartMs = (day: string, timeZone: string) => serviceDayOriginMs(day, timeZone) + DAY_BOUNDARY_MS

/** The local days (YYYY-MM-DD) a trace's records fall in, ascending. */
export function traceDays(records: readonly TraceRecord[], timeZone: string): string[] {
  const days = new Set<string>()
  let untilMs = Number.NEGATIVE_INFINITY
  for (const r of records) {
    if (r.atMs < untilMs) continue // records come in time order: one lookup per day
    const guess = new Date(r.atMs - DAY_BOUNDARY_MS).toISOString().slice(0, 10)
    const day = [guess, shiftDay(guess, 1), shiftDay(guess, -1)].find((d) => r.atMs >= dayStartMs(d, timeZone) && r.atMs < dayStartMs(shiftDay(d, 1), timeZone))!
    days.add(day)
    untilMs = dayStartMs(shiftDay(day, 1), timeZone)
  }
  return [...days].sort()
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The test day and up to `trainDays` days of the trace before it (all of them when undefined). */
export function splitTrace(records: readonly TraceRecord[], timeZone: string, testDay: string, trainDays?: number): TraceSplit {
  const days = traceDays(records, timeZone)
  if (!days.includes(testDay)) throw new TraceSplitError(`the trace has no day ${testDay}: its days are ${days.join(', ')}`)
  const earlier = days.filter((d) => d < testDay)
  const trainingDays = trainDays === undefined ? earlier : earlier.slice(Math.max(0, earlier.length - trainDays))
  const ranges = [...trainingDays, testDay].map((d) => [dayStartMs(d, timeZone), dayStartMs(shiftDay(d, 1), timeZone)] as const)
  return {
    testDay, trainingDays, testFromMs: dayStartMs(testDay, timeZone),
    lastTrainingFromMs: trainingDays.length ? dayStartMs(trainingDays.at(-1)!, timeZone) : null,
    records: records.filter((r) => ranges.some(([from, to]) => r.atMs >= from && r.atMs < to)),
  }
}
