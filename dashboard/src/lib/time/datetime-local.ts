/**
 * `<input type="datetime-local">` values (`2025-03-01T07:30`, the browser's local time, no zone) to and from the
 * epoch seconds the api keeps. The empty string is "not set" (null).
 */
export function localInputToEpochS(value: string): number | null | 'invalid' {
  const trimmed = value.trim()
  if (trimmed === '') return null
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed)
  if (!match) return 'invalid'
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const date = new Date(year, month - 1, day, hour, minute, second)
  // new Date rolls 2025-02-30 over to March: a date that does not exist is refused, not moved.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return 'invalid'
  return Math.floor(date.getTime() / 1000)
}

export function epochSToLocalInput(epochS: number | null | undefined): string {
  if (epochS === null || epochS === undefined) return ''
  const d = new Date(epochS * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
