import type { MessageKey } from '../i18n/catalog.js'
import type { Params } from '../i18n/translate.js'

/**
 * Headways as a dispatcher says them: whole minutes ("7 min", "every 8 min"), "under a minute" for buses together,
 * and a bus that overtook the one ahead said so, rather than a clock-like "47:00" or "−0:40".
 */
type Translate = (key: MessageKey, params?: Params) => string

/** Below this, a gap between two buses is "under a minute" (rounding it would say 0 min). */
const UNDER_A_MINUTE_S = 30

const wholeMinutes = (seconds: number) => Math.round(Math.abs(seconds) / 60)

/** The time between a bus and the one ahead: "7 min", "under a minute", "overtook it by 2 min". */
export function headwayWords(seconds: number, t: Translate): string {
  if (Math.abs(seconds) < UNDER_A_MINUTE_S) return t('headway.underMinute')
  return t(seconds < 0 ? 'headway.overtook' : 'headway.minutes', { count: wholeMinutes(seconds) })
}

/** A timetable's headway: "every 8 min". */
export function everyWords(seconds: number, t: Translate): string {
  return seconds < UNDER_A_MINUTE_S ? t('headway.underMinute') : t('arrival.every', { count: wholeMinutes(seconds) })
}

/** A headway under its bar, where there is room for a few characters: "7 min", "<1 min", "−2 min". */
export function headwayShort(seconds: number, t: Translate): string {
  const minutes = wholeMinutes(seconds)
  if (Math.abs(seconds) < UNDER_A_MINUTE_S) return t('headway.minShort', { count: '<1' })
  return t('headway.minShort', { count: `${seconds < 0 ? '\u2212' : ''}${minutes}` })
}
