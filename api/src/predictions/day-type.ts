import { zoneOffsetMs } from '@masar/model/gtfs/service-day'
import type { DayType } from './prediction-types.js'

/**
 * Day types and local hours, the keys of learned running times. Where the weekend is Friday and Saturday (Jordan,
 * Israel, Egypt, most of the Gulf) those are weekend-1 and weekend-2; elsewhere Saturday and Sunday.
 */
const FRIDAY_WEEKEND_ZONES = new Set([
  'Asia/Amman', 'Asia/Jerusalem', 'Asia/Tel_Aviv', 'Asia/Hebron', 'Asia/Gaza', 'Africa/Cairo', 'Asia/Riyadh', 'Asia/Kuwait', 'Asia/Baghdad',
  'Asia/Qatar', 'Asia/Bahrain', 'Asia/Muscat', 'Africa/Algiers', 'Africa/Khartoum', 'Africa/Tripoli', 'Asia/Aden', 'Asia/Damascus',
])

/** The day type of a service date ('YYYY-MM-DD') in an agency's zone. */
export function dayTypeOf(serviceDate: string, timeZone: string): DayType {
  const weekday = new Date(`${serviceDate}T12:00:00Z`).getUTCDay() // 0 Sunday … 6 Saturday
  const [first, second] = FRIDAY_WEEKEND_ZONES.has(timeZone) ? [5, 6] : [6, 0]
  if (weekday === first) return 'weekend-1'
  return weekday === second ? 'weekend-2' : 'weekday'
}

/** Local hours of instants in one zone; the zone offset is looked up once per quarter hour (zones change clocks at :30 and :45). */
export class LocalHours {
  readonly #offsets = new Map<number, number>()

  constructor(readonly timeZone: string) {}

  hourOf(instantMs: number): number {
    const quarter = Math.floor(instantMs / 900_000)
    let offset = this.#offsets.get(quarter)
    if (offset === undefined) {
      offset = zoneOffsetMs(quarter * 900_000, this.timeZone)
      if (this.#offsets.size > 10_000) this.#offsets.clear()
      this.#offsets.set(quarter, offset)
    }
    return (((Math.floor((instantMs + offset) / 3600_000)) % 24) + 24) % 24
  }
}
