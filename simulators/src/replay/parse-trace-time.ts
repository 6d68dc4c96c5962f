import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import { instantOfGtfsTime, zoneOffsetMs } from '@masar/model/gtfs/service-day'

export type TraceTime =
  | { ok: true; atMs: number }
  | { ok: false; reason: 'invalid_time' | 'time_without_zone'; detail: string }

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const EPOCH = /^\d{9,}(\.\d+)?$/
/** Epoch values below this are seconds, not milliseconds (as the tracker contract reads `ts`). */
const SMALLEST_EPOCH_MS = 1e11

/** Throws RangeError for a name the Intl database does not know. */
export function checkTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone })
}

/**
 * Offsets by zone and wall-clock minute: Intl is slow (about 8 µs a call) and a trace has many rows a minute. Zones
 * change offset on whole minutes, so a wall-clock minute has one offset; a time in the hour repeated when clocks go
 * back is ambiguous and gets one of its two instants.
 */
const offsetCache = new Map<string, Map<number, number>>()
const MAX_CACHED_MINUTES = 100_000

/** The instant (epoch ms) of a wall-clock time in a zone, the wall-clock time given as if it were UTC. */
export function instantOfLocalTime(wallMs: number, timeZone: string): number {
  let byMinute = offsetCache.get(timeZone)
  if (!byMinute) offsetCache.set(timeZone, (byMinute = new Map()))
  const minute = Math.floor(wallMs / 60_000)
  let offsetMs = byMinute.get(minute)
  if (offsetMs === undefined) {
    const wallMinuteMs = minute * 60_000
    offsetMs = zoneOffsetMs(wallMinuteMs - zoneOffsetMs(wallMinuteMs, timeZone), timeZone)
    if (byMinute.size >= MAX_CACHED_MINUTES) byMinute.clear()
    byMinute.set(minute, offsetMs)
  }
  return wallMs - offsetMs
}

function offsetMsOf(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000
}

/**
 * A trace time as epoch milliseconds: ISO 8601 with an offset (`2015-03-07T10:03:34-06:00`), ISO without one
 * (`2025-11-11T17:06:59.243497`, a wall-clock time in `timeZone`), or epoch seconds/milliseconds.
 * Sub-millisecond digits are truncated.
 */
export function parseTraceTime(text: string, timeZone: string | null): TraceTime {
  const trimmed = text.trim()
  if (EPOCH.test(trimmed)) {
    const value = Number(trimmed)
    return { ok: true, atMs: Math.floor(value < SMALLEST_EPOCH_MS ? value * 1000 : value) }
  }
  const match = ISO_TIME.exec(trimmed)
  if (!match) return { ok: false, reason: 'invalid_time', detail: `"${trimmed.slice(0, 40)}" is not an ISO 8601 time or an epoch number` }
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match
  const wallMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)))
  const wall = new Date(wallMs)
  if (wall.getUTCDate() !== Number(day) || wall.getUTCHours() !== Number(hour) || wall.getUTCMinutes() !== Number(minute) || wall.getUTCSeconds() !== Number(second)) {
    return { ok: false, reason: 'invalid_time', detail: `"${trimmed.slice(0, 40)}" is not a real date and time` }
  }
  if (zone !== undefined) return { ok: true, atMs: wallMs - offsetMsOf(zone) }
  if (timeZone === null) return { ok: false, reason: 'time_without_zone', detail: `"${trimmed.slice(0, 40)}" has no UTC offset: give the trace's time zone (--time-zone)` }
  return { ok: true, atMs: instantOfLocalTime(wallMs, timeZone) }
}

const GTFS_DATE = /^(\d{4})(\d{2})(\d{2})$/

/**
 * A GTFS-Realtime trip's start (TripDescriptor start_date YYYYMMDD and start_time HH:MM:SS, which may pass 24:00:00)
 * as an instant: a GTFS time on its service day in the agency's zone. Null when no zone is known (the start is then
 * left out: it cannot be placed), and a reason when the date or time is not one.
 */
export function parseGtfsTripStart(startDate: string, startTime: string, timeZone: string | null): TraceTime | null {
  const date = GTFS_DATE.exec(startDate.trim())
  const seconds = parseGtfsTime(startTime.trim())
  if (!date || seconds === null) return { ok: false, reason: 'invalid_time', detail: 'start_date must be YYYYMMDD and start_time HH:MM:SS' }
  const serviceDate = `${date[1]}-${date[2]}-${date[3]}`
  const noon = new Date(`${serviceDate}T12:00:00Z`)
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== serviceDate) return { ok: false, reason: 'invalid_time', detail: `${startDate} is not a real date` }
  return timeZone === null ? null : { ok: true, atMs: instantOfGtfsTime(serviceDate, seconds, timeZone) }
}
