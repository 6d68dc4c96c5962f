import { localDateOf, zoneOffsetMs } from '@masar/model/gtfs/service-day'

/**
 * The simulated start instant from --start: "now"; "HH:MM" today in the feed's time zone; or an ISO instant.
 * Without --start: now in real time; faster than real time, the same time yesterday, so the run stays in the
 * past (ingest refuses fixes from the future) for a day of simulated time.
 */
export function parseStart(text: string | undefined, speed: number, timeZone: string, nowMs: number): number {
  if (text === undefined) return speed <= 1 ? nowMs : nowMs - 24 * 3600_000
  if (text === 'now') return nowMs
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text)
  if (clock) {
    const [year, month, day] = localDateOf(nowMs, timeZone).split('-').map(Number) as [number, number, number]
    const asUtc = Date.UTC(year, month - 1, day, Number(clock[1]), Number(clock[2]))
    return asUtc - zoneOffsetMs(asUtc, timeZone)
  }
  const instant = Date.parse(text)
  if (Number.isNaN(instant)) throw Object.assign(new Error(`--start "${text}" is not "now", HH:MM or an ISO 8601 instant`), { code: 'SIM_BAD_ARGUMENT' })
  return instant
}

/**
 * The latest HH:MM in the feed's time zone that is at least `leadMs` before now: today's when it has passed,
 * otherwise yesterday's. A fleet started there publishes fixes from the past, which ingest accepts whatever the
 * hour (it refuses fixes from the future).
 */
export function latestPastStart(clock: string, timeZone: string, nowMs: number, leadMs = 0): number {
  if (!/^\d{1,2}:\d{2}$/.test(clock)) throw Object.assign(new Error(`"${clock}" is not HH:MM`), { code: 'SIM_BAD_ARGUMENT' })
  const today = parseStart(clock, 1, timeZone, nowMs)
  if (today + leadMs <= nowMs) return today
  return parseStart(clock, 1, timeZone, nowMs - 24 * 3600_000)
}

/** "90" (seconds), "30s", "15m", "2h". */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text.trim())
  if (!match) throw Object.assign(new Error(`--duration "${text}" is not a number of seconds or like 30s, 15m, 2h`), { code: 'SIM_BAD_ARGUMENT' })
  return Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 }[match[2] as '' | 's' | 'm' | 'h'])
}
