/**
 * Parsers for the GTFS field types (https://gtfs.org/schedule/reference/#field-types). Each returns the value or
 * null when the text is not of that type; empty text is the caller's business (it means "absent" in GTFS).
 * Spaces around a value are tolerated (Halifax writes " 5:49:00"), as parseGtfsTime tolerates them.
 */

const DATE = /^(\d{4})(\d{2})(\d{2})$/
const COLOR = /^[0-9A-Fa-f]{6}$/
const NON_NEGATIVE_INTEGER = /^\d+$/
const INTEGER = /^-?\d+$/
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

/** GTFS Date: "YYYYMMDD" naming a day that exists (20230229 does not). Returns the date as a number, e.g. 20230228. */
export function parseGtfsDate(text: string): number | null {
  const match = DATE.exec(text.trim())
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return Number(match[0])
}

/** GTFS Color: six hexadecimal digits, no leading "#". */
export function isGtfsColor(text: string): boolean {
  return COLOR.test(text.trim())
}

export function parseNonNegativeInteger(text: string): number | null {
  return NON_NEGATIVE_INTEGER.test(text.trim()) ? Number(text) : null
}

export function parseInteger(text: string): number | null {
  return INTEGER.test(text.trim()) ? Number(text) : null
}

/** A decimal number ("12", "-0.5", "1e3"), surrounding spaces allowed; null for anything else. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim()
  if (!DECIMAL.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

const timezoneCache = new Map<string, boolean>()
const TIMEZONE_CACHE_SIZE = 1000

/** GTFS Timezone: an IANA zone name ("America/Halifax"), as the runtime's time zone database knows them. */
export function isIanaTimezone(text: string): boolean {
  let known = timezoneCache.get(text)
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat(undefined, { timeZone: text })
      known = text.length > 0 && !/\s/.test(text)
    } catch {
      known = false
    }
    if (timezoneCache.size < TIMEZONE_CACHE_SIZE) timezoneCache.set(text, known)
  }
  return known
}
