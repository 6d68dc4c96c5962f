import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { Arrival } from '../predictions/arrivals-at-stop.js'

/**
 * The reply to a rider's SMS: a stop code (the number on the stop's sign), optionally a route, in Arabic or Latin
 * digits. The reply is Arabic, or English when the message is written in Latin letters only, and fits one SMS
 * segment where it can (70 characters in Arabic, 160 in English): the next arrivals by route, in minutes ("every N
 * min" for a route run to a headway).
 */
export interface SmsRequest {
  code: string | null
  route: string | null
  lang: 'ar' | 'en'
}

const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g
const toLatinDigits = (text: string) => text.replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))

export function parseSms(text: string): SmsRequest {
  const latin = toLatinDigits(text.normalize('NFKC')).trim()
  const lang = /[\u0600-\u06FF]/.test(text) || !/[A-Za-z]/.test(text) ? 'ar' : 'en'
  const words = latin.split(/[\s,،.:;-]+/).filter(Boolean)
  const code = words.find((w) => /^\d{2,8}$/.test(w)) ?? null
  const route = words.find((w) => w !== code && /^[A-Za-z]*\d*[A-Za-z]*$/.test(w) && /\d|^[A-Z]{2,}/.test(w) && !/^(stop|bus|route)$/i.test(w)) ?? null
  return { code, route: route?.toUpperCase() ?? null, lang }
}

/** How many SMS segments a text takes: GSM-7 for plain Latin text, UCS-2 otherwise. */
export function smsSegments(text: string): number {
  const ucs2 = /[^\x20-\x7E\n]/.test(text)
  const [single, multi] = ucs2 ? [70, 67] : [160, 153]
  return text.length <= single ? 1 : Math.ceil(text.length / multi)
}

export function smsReply(schedule: Schedule, request: SmsRequest, arrivalsOf: (stopId: string) => Arrival[]): string {
  const ar = request.lang === 'ar'
  if (!request.code) return ar ? 'أرسل رقم الموقف المكتوب على لوحته، مثل 1001، ويمكنك إضافة رقم الخط.' : 'Send the stop number from its sign, e.g. 1001, and a route if you like.'
  const stop = [...schedule.stops.values()].find((s) => s.code === request.code)
  if (!stop) return ar ? `لا يوجد موقف برقم ${request.code}. أرسل الرقم المكتوب على لوحة الموقف.` : `No stop has the number ${request.code}. Send the number on the stop's sign.`
  const name = ar ? stop.name : (stop.translations.en ?? stop.name)
  let arrivals = arrivalsOf(stop.stopId)
  if (request.route) arrivals = arrivals.filter((a) => (a.routeShortName ?? a.routeId).toUpperCase() === request.route || a.routeId.toUpperCase() === request.route)
  if (arrivals.length === 0) return ar ? `${name}: لا حافلات في الساعة القادمة${request.route ? ` على الخط ${request.route}` : ''}.` : `${name}: no bus in the next hour${request.route ? ` on route ${request.route}` : ''}.`
  const parts = arrivals.slice(0, 4).map((a) => {
    const route = a.routeShortName ?? a.routeId
    if (a.headwayMinutes !== null) return `${route} ${ar ? `كل ${a.headwayMinutes}د` : `every ${a.headwayMinutes} min`}`
    const when = a.minutes === 0 ? (ar ? 'الآن' : 'now') : ar ? `${a.minutes}د` : `${a.minutes} min`
    return `${route} ${when}${a.realtime ? '' : '*'}`
  })
  const tail = parts.some((p) => p.endsWith('*')) ? (ar ? ' (*حسب الجدول)' : ' (*timetable)') : ''
  let reply = `${name}: ${parts.join(ar ? '، ' : ', ')}${tail}`
  // One segment where possible: fewer arrivals before a second segment.
  while (smsSegments(reply) > 1 && parts.length > 1) {
    parts.pop()
    reply = `${name}: ${parts.join(ar ? '، ' : ', ')}${tail}`
  }
  return reply
}
