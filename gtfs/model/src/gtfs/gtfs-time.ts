/**
 * GTFS times ("HH:MM:SS", stop_times.txt arrival_time/departure_time, frequencies.txt start/end_time) are a
 * duration since "noon minus 12 h" of the service day in the agency's time zone, and may pass 24:00:00 for trips
 * that run after midnight (https://gtfs.org/schedule/reference/#field-types, "Time"). They are kept as seconds
 * since that origin, never as a clock time or a Date: the same value means a different instant on a DST day.
 */
const GTFS_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/

/** Seconds since the service day's origin, or null when the text is not a GTFS time. " 8:05:00" is accepted (the spec allows H:MM:SS). */
export function parseGtfsTime(text: string): number | null {
  const match = GTFS_TIME.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])
}

/** Back to "HH:MM:SS", hours past 24 kept. */
export function formatGtfsTime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`
}
