/** A moment as the agency's clock shows it: the service date (YYYY-MM-DD) and seconds since that day's midnight. */
export interface LocalTime {
  date: string
  seconds: number
}

/** Hours after midnight still counted in the previous service day (GTFS times past 24:00:00). */
export const SERVICE_DAY_ROLLOVER_HOURS = 3

/**
 * Makes the converter for one zone (one Intl formatter, reused). Moments before 03:00 belong to the previous
 * service day, as 24:xx–26:xx.
 */
export function createLocalTime(timeZone: string): (atMs: number) => LocalTime {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return (atMs) => {
    const parts: Record<string, string> = {}
    for (const part of format.formatToParts(atMs)) parts[part.type] = part.value
    const date = `${parts.year}-${parts.month}-${parts.day}`
    const seconds = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)
    if (seconds >= SERVICE_DAY_ROLLOVER_HOURS * 3600) return { date, seconds }
    return { date: previousDate(date), seconds: seconds + 86_400 }
  }
}

export function previousDate(date: string): string {
  const day = new Date(`${date}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() - 1)
  return day.toISOString().slice(0, 10)
}
