/**
 * GTFS times ("HH:MM:SS", stop_times.txt arrival_time/departure_time, frequencies.txt start/end_time) are a
 * duration since "noon minus 12 h" of the service day in the agency's time zone, and may pass 24:00:00 for trips
 * that run after midnight (https://gtfs.org/schedule/reference/#field-types, "Time"). They are kept as seconds
 * since that origin, never as a clock time or a Date: the same value means a different instant on a DST day.
 */
const GTFS_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/

/** Seconds since the service day's origin, or null when the text is not a GTFS time. " 8:05:00" is accepted (the spec allows H:MM:SS). */
export function parseGtfsTime(text: string): number | null {
  const fast = parseHhMmSs(text)
  if (fast !== null) return fast
  const match = GTFS_TIME.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])
}

const digit = (text: string, at: number) => {
  const code = text.charCodeAt(at) - 48
  return code >= 0 && code <= 9 ? code : -1
}

/** The common shapes, "HH:MM:SS" and "H:MM:SS" without spaces, read without a regular expression (a feed has millions). */
function parseHhMmSs(text: string): number | null {
  const colon = text.length - 6
  if ((colon !== 1 && colon !== 2) || text.charCodeAt(colon) !== 58 || text.charCodeAt(colon + 3) !== 58) return null
  const h1 = digit(text, 0)
  const h2 = colon === 2 ? digit(text, 1) : 0
  const m1 = digit(text, colon + 1)
  const m2 = digit(text, colon + 2)
  const s1 = digit(text, colon + 4)
  const s2 = digit(text, colon + 5)
  if (h1 < 0 || h2 < 0 || m1 < 0 || m1 > 5 || m2 < 0 || s1 < 0 || s1 > 5 || s2 < 0) return null
  const hours = colon === 2 ? h1 * 10 + h2 : h1
  return hours * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2
}

/** Back to "HH:MM:SS", hours past 24 kept. */
export function formatGtfsTime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`
}
