import type { TripStop } from '@masar/model/api/trips'

/**
 * The next stops of a bus's trip with their ETAs: minutes from now to the expected arrival and to the earliest
 * and latest of its range, and the clock times, read in the dispatcher's time zone.
 */
export interface StopEta {
  stopId: string
  name: string
  /** Whole minutes to the expected arrival (0 when due), or null without a prediction. */
  minutes: number | null
  /** Minutes to the earliest and latest arrival; null without a range. */
  minutesRange: [number, number] | null
  expectedAt: string | null
  earliestAt: string | null
  latestAt: string | null
  scheduledAt: string | null
}

const minutesUntil = (iso: string, nowMs: number): number => Math.max(0, Math.floor((Date.parse(iso) - nowMs) / 60_000))

/** The stops not yet passed (a trip without a bus: those whose time is still ahead), at most `limit`. */
export function nextStopEtas(stops: readonly TripStop[], nowMs: number, limit: number): StopEta[] {
  const ahead = stops.filter((s) => (s.passed === null ? Date.parse(s.expectedAt ?? s.scheduledAt ?? '') >= nowMs : !s.passed))
  return ahead.slice(0, limit).map((s) => ({
    stopId: s.stopId,
    name: s.name,
    minutes: s.expectedAt ? minutesUntil(s.expectedAt, nowMs) : null,
    minutesRange: s.earliest && s.latest ? [minutesUntil(s.earliest, nowMs), minutesUntil(s.latest, nowMs)] : null,
    expectedAt: s.expectedAt,
    earliestAt: s.earliest,
    latestAt: s.latest,
    scheduledAt: s.scheduledAt,
  }))
}

/** An instant as the wall clock reads it in `timeZone` ("08:05"); '' for null or an unparseable instant. */
export function formatClock(iso: string | null, timeZone: string): string {
  if (iso === null) return ''
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return ''
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms)
}

/** A range of two clock times, "08:03–08:09"; one time when both read the same; '' without a range. */
export function formatClockRange(earliest: string | null, latest: string | null, timeZone: string): string {
  const a = formatClock(earliest, timeZone)
  const b = formatClock(latest, timeZone)
  if (!a || !b) return ''
  return a === b ? a : `${a}\u2013${b}`
}

/** Whole seconds between a fix and now, never negative (a tracker's clock may run a little ahead). */
export function pingAgeSeconds(fixAt: string, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - Date.parse(fixAt)) / 1000))
}

/** Metres per second as km/h, rounded; null stays null. */
export function speedKmh(speedMps: number | null): number | null {
  return speedMps === null ? null : Math.round(speedMps * 3.6)
}

/**
 * How the panel words a schedule deviation: early or late by an unsigned "m:ss" past a minute either way, on
 * schedule within it, none without a matched trip.
 */
export function describeDeviation(deviationS: number | null): { kind: 'none' | 'early' | 'late' | 'on-schedule'; time: string } {
  if (deviationS === null || !Number.isFinite(deviationS)) return { kind: 'none', time: '' }
  const abs = Math.abs(Math.round(deviationS))
  const time = `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`
  if (deviationS < -60) return { kind: 'early', time }
  if (deviationS > 60) return { kind: 'late', time }
  return { kind: 'on-schedule', time }
}
