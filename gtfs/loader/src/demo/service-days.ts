import type { DayKind } from './traffic-profile.js'

/**
 * When the demo buses run. In Jordan the weekend is Friday (and, for offices, Saturday); buses run their working-day
 * timetable Saturday to Thursday and a lighter one on Friday that starts later. Times are seconds since the service
 * day's origin (GTFS time).
 */

/** Which of a route's peak buses run: all of them, about half, or about a quarter. */
export type ServiceLevel = 'all' | 'half' | 'quarter'

export interface ServicePeriod {
  startSeconds: number
  endSeconds: number
  level: ServiceLevel
}

export interface ServiceDay {
  serviceId: string
  /** Short code used inside trip and block ids. */
  dayCode: string
  /** Whose traffic the running times are built for (traffic-profile.ts: Friday's streets are emptier). */
  dayKind: DayKind
  /** Back to back, the first starting when service starts and the last ending when the last trips leave. */
  periods: readonly ServicePeriod[]
}

const at = (hours: number, minutes: number) => hours * 3600 + minutes * 60

export const WEEKDAY_SERVICE: ServiceDay = {
  serviceId: 'WEEKDAY',
  dayCode: 'WD',
  dayKind: 'workday',
  periods: [
    { startSeconds: at(5, 30), endSeconds: at(7, 0), level: 'half' },
    { startSeconds: at(7, 0), endSeconds: at(9, 30), level: 'all' }, // morning peak
    { startSeconds: at(9, 30), endSeconds: at(14, 0), level: 'half' },
    { startSeconds: at(14, 0), endSeconds: at(17, 30), level: 'all' }, // afternoon peak
    { startSeconds: at(17, 30), endSeconds: at(20, 30), level: 'half' },
    { startSeconds: at(20, 30), endSeconds: at(23, 30), level: 'quarter' },
  ],
}

export const FRIDAY_SERVICE: ServiceDay = {
  serviceId: 'FRIDAY',
  dayCode: 'FR',
  dayKind: 'friday',
  periods: [
    { startSeconds: at(7, 0), endSeconds: at(13, 30), level: 'quarter' }, // until after the Friday prayer
    { startSeconds: at(13, 30), endSeconds: at(21, 0), level: 'half' },
    { startSeconds: at(21, 0), endSeconds: at(23, 30), level: 'quarter' },
  ],
}

export const SERVICE_DAYS: readonly ServiceDay[] = [WEEKDAY_SERVICE, FRIDAY_SERVICE]

/** GTFS dates (YYYYMMDD): the feed is valid for the calendar year 2026. */
export const FEED_START_DATE = '20260101'
export const FEED_END_DATE = '20261231'

/**
 * Public holidays of 2026 on which the Friday timetable replaces the weekday one. The Islamic holidays follow the
 * moon; their dates here are the expected ones and may move by a day. Holidays falling on a Friday change nothing.
 */
export const PUBLIC_HOLIDAYS_2026: readonly { date: string; nameEn: string }[] = [
  { date: '20260101', nameEn: "New Year's Day" },
  { date: '20260321', nameEn: 'Eid al-Fitr (2nd day)' },
  { date: '20260322', nameEn: 'Eid al-Fitr (3rd day)' },
  { date: '20260525', nameEn: 'Independence Day' },
  { date: '20260526', nameEn: 'Arafat Day' },
  { date: '20260527', nameEn: 'Eid al-Adha' },
  { date: '20260528', nameEn: 'Eid al-Adha (2nd day)' },
]
