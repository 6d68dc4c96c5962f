import { FieldRefusal } from './source-fields.js'

/**
 * ISO 8601 with an offset, as Java's ISO_ZONED_DATE_TIME reads it (Traccar's DateUtil.parseDate) and as Jackson
 * writes java.util.Date (`2018-09-14T15:34:17.000+0000`, or `+00:00` in newer Jackson): seconds and fraction
 * optional, offset Z, ±HH, ±HH:MM, ±HHMM or ±HH:MM:SS, then an optional [region id].
 */
const ZONED_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)(?:\[[^\]]{1,64}\])?$/i
const OFFSET = /^([+-])(\d{2}):?(\d{2})?:?(\d{2})?$/
/** Date's own limit: ±100,000,000 days around 1970. */
const MAX_DATE_MS = 8.64e15

/** Epoch milliseconds of a calendar date-time read as UTC, or undefined when a field is out of its range (30 February). */
export function utcMs(fields: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }): number | undefined {
  const { year, month, day, hour, minute, second, ms } = fields
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms))
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined
  return date.getTime()
}

/** Epoch milliseconds of ISO 8601 with an offset, or undefined when the text is not one (or no real instant). */
export function parseZonedIsoMs(text: string): number | undefined {
  const match = ZONED_ISO.exec(text.trim())
  if (!match) return undefined
  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const local = utcMs({
    year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute),
    second: Number(second ?? 0), ms: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)), // truncated, as Java's Date
  })
  if (local === undefined) return undefined
  if (zone === undefined || zone.toUpperCase() === 'Z') return local
  const offset = OFFSET.exec(zone)
  if (!offset) return undefined
  const [, sign, hh, mm, ss] = offset
  const offsetS = Number(hh) * 3600 + Number(mm ?? 0) * 60 + Number(ss ?? 0)
  if (offsetS > 18 * 3600) return undefined
  return local - (sign === '-' ? -1 : 1) * offsetS * 1000
}

/** The fix time in Masar's wire form: ISO 8601 in UTC (ms precision), which the ping contract reads exactly. */
export function toWireTimestamp(ms: number, name: string): string | FieldRefusal {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return new FieldRefusal('invalid_timestamp', `${name} ${ms} ms is no date`)
  return new Date(ms).toISOString()
}
