/**
 * Service days and the instants of GTFS times, in the agency's time zone (IANA name; never a fixed offset).
 * GTFS: a time is measured from "noon minus 12 h" of the service day, so on the days a zone moves its clocks,
 * 08:00:00 is still 8 hours after that origin (https://gtfs.org/schedule/reference/#field-types, "Time").
 * Dates are ISO calendar dates ('2026-03-08'), which GTFS writes as 20260308.
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    offsetFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** The zone's offset from UTC at an instant, in milliseconds (Amman: +3 h since 2022). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]))
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return asUtc - Math.floor(instantMs / 1000) * 1000
}

const origins = new Map<string, number>()
const MAX_ORIGINS = 10_000

/**
 * The instant a service day's GTFS times count from: noon local time minus 12 hours. Remembered per day and zone
 * (the zone's offset takes two Intl lookups; arrivals and ghost trips ask it for thousands of stop times at once).
 */
export function serviceDayOriginMs(serviceDate: string, timeZone: string): number {
  const key = `${serviceDate}\u0000${timeZone}`
  const known = origins.get(key)
  if (known !== undefined) return known
  const [year, month, day] = serviceDate.split('-').map(Number) as [number, number, number]
  const noonAsUtc = Date.UTC(year, month - 1, day, 12)
  const noonMs = noonAsUtc - zoneOffsetMs(noonAsUtc - zoneOffsetMs(noonAsUtc, timeZone), timeZone)
  if (origins.size >= MAX_ORIGINS) origins.clear()
  origins.set(key, noonMs - 12 * 3600_000)
  return noonMs - 12 * 3600_000
}

/** The instant of a GTFS time (seconds, may pass 24 h) on a service day. */
export function instantOfGtfsTime(serviceDate: string, seconds: number, timeZone: string): number {
  return serviceDayOriginMs(serviceDate, timeZone) + seconds * 1000
}

/** The calendar date in the zone at an instant ('YYYY-MM-DD'). */
export function localDateOf(instantMs: number, timeZone: string): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

export interface CalendarRule {
  serviceId: string
  /** Monday first, as calendar.txt lists them. */
  days: readonly [boolean, boolean, boolean, boolean, boolean, boolean, boolean]
  startDate: string
  endDate: string
}

export interface CalendarException {
  serviceId: string
  date: string
  /** 1: service added on this date; 2: service removed (calendar_dates.txt exception_type). */
  exceptionType: 1 | 2
}

/** The services that run on a service date: calendar.txt's weekly rules, then calendar_dates.txt's exceptions. */
export function activeServiceIds(serviceDate: string, rules: readonly CalendarRule[], exceptions: readonly CalendarException[]): Set<string> {
  const [year, month, day] = serviceDate.split('-').map(Number) as [number, number, number]
  const mondayFirst = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
  const active = new Set<string>()
  for (const rule of rules) {
    if (rule.startDate <= serviceDate && serviceDate <= rule.endDate && rule.days[mondayFirst]) active.add(rule.serviceId)
  }
  for (const exception of exceptions) {
    if (exception.date !== serviceDate) continue
    if (exception.exceptionType === 1) active.add(exception.serviceId)
    else active.delete(exception.serviceId)
  }
  return active
}

/**
 * The service dates whose trips may be running at an instant, oldest first: the day before (trips past 24:00:00),
 * today, and tomorrow once its day has begun. Tomorrow's origin can come before local midnight: on a day clocks go
 * forward (New York, 2026-03-08) noon minus 12 h is 23:00 the evening before, so 00:30:00 on the 8th is 23:30 on the 7th.
 */
export function candidateServiceDates(instantMs: number, timeZone: string): string[] {
  const today = localDateOf(instantMs, timeZone)
  const [year, month, day] = today.split('-').map(Number) as [number, number, number]
  const shift = (days: number) => new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
  const tomorrow = shift(1)
  return serviceDayOriginMs(tomorrow, timeZone) <= instantMs ? [shift(-1), today, tomorrow] : [shift(-1), today]
}
