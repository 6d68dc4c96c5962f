const clockFormatters = new Map<string, Intl.DateTimeFormat>()

/** An instant as `2025-11-11 17:06:59 Asia/Amman`: the trace's clock as its people read it. */
export function formatTraceClock(atMs: number, timeZone: string): string {
  let formatter = clockFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    clockFormatters.set(timeZone, formatter)
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(atMs)).map((part) => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${timeZone}`
}

export interface ProgressLine {
  published: number
  pingsPerSecond: number
  vehicles: number
  /** Recorded time of the last published ping; null before the first. */
  replayedAtMs: number | null
  timeZone: string
  elapsedMs: number
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US')

/** One line of live progress for the terminal. */
export function formatProgressLine(progress: ProgressLine): string {
  const clock = progress.replayedAtMs === null ? 'waiting for the first ping' : `trace clock ${formatTraceClock(progress.replayedAtMs, progress.timeZone)}`
  return `replay ${count(progress.elapsedMs / 1000)} s: ${count(progress.published)} published, ${count(progress.pingsPerSecond)} pings/s, ${count(progress.vehicles)} vehicles, ${clock}`
}
