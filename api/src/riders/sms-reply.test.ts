import { Schedule } from '@masar/gtfs/schedule/schedule'
import { describe, expect, it } from 'vitest'
import type { Arrival } from '../predictions/arrivals-at-stop.js'
import { parseSms, smsReply, smsSegments } from './sms-reply.js'

const schedule = new Schedule({
  feedId: 1, timeZone: 'Asia/Amman', routes: [], trips: [], shapes: [], calendar: [], calendarDates: [], frequencies: [],
  stops: [{ stopId: 'S1', code: '1001', name: 'العبدلي', translations: { en: 'Abdali' }, lat: 31.96, lon: 35.91 }],
})
const arrival = (route: string, minutes: number, realtime: boolean): Arrival => ({
  routeId: route, routeShortName: route, tripId: `${route}-1`, headsign: null, at: '', minutes, realtime, vehicleId: realtime ? 'bus-1' : null, scheduledAt: '',
  earliest: null, latest: null, minutesRange: null, stale: false, cancelled: false, occupancy: null, headwayMinutes: null,
})
const arrivals = () => [arrival('7', 0, true), arrival('BRT1', 4, true), arrival('7', 12, false), arrival('27', 15, false), arrival('BRT1', 19, true)]

describe('SMS', () => {
  it('reads a stop code in Arabic or Latin digits, a route, and the language of the message', () => {
    expect(parseSms('١٠٠١')).toEqual({ code: '1001', route: null, lang: 'ar' })
    expect(parseSms('موقف 1001 خط BRT1')).toEqual({ code: '1001', route: 'BRT1', lang: 'ar' })
    expect(parseSms('stop 1001 brt1')).toEqual({ code: '1001', route: 'BRT1', lang: 'en' })
    expect(parseSms('1001')).toMatchObject({ lang: 'ar' }) // digits only: Arabic first
  })

  it('says how often a bus comes on a route run to a headway, not a time', () => {
    const headway = () => [arrival('7', 2, true), { ...arrival('BRT2', 3, false), headwayMinutes: 8 }]
    expect(smsReply(schedule, parseSms('1001'), headway)).toBe('العبدلي: 7 2د، BRT2 كل 8د')
    expect(smsReply(schedule, parseSms('stop 1001'), headway)).toBe('Abdali: 7 2 min, BRT2 every 8 min')
  })

  it('replies with the next arrivals by route, in one segment where it can', () => {
    const arabic = smsReply(schedule, parseSms('1001'), arrivals)
    expect(arabic).toBe('العبدلي: 7 الآن، BRT1 4د، 7 12د*، 27 15د* (*حسب الجدول)')
    expect(smsSegments(arabic)).toBe(1)
    const english = smsReply(schedule, parseSms('stop 1001'), arrivals)
    expect(english).toBe('Abdali: 7 now, BRT1 4 min, 7 12 min*, 27 15 min* (*timetable)')
    expect(smsReply(schedule, parseSms('1001 BRT1'), arrivals)).toBe('Abdali: BRT1 4 min, BRT1 19 min') // Latin letters: English
    expect(smsReply(schedule, parseSms('1001 خط BRT1'), arrivals)).toBe('العبدلي: BRT1 4د، BRT1 19د')
  })

  it('helps when the code is unknown or missing, and says when nothing comes', () => {
    expect(smsReply(schedule, parseSms('9999'), arrivals)).toBe('لا يوجد موقف برقم 9999. أرسل الرقم المكتوب على لوحة الموقف.')
    expect(smsReply(schedule, parseSms('hello'), arrivals)).toBe('Send the stop number from its sign, e.g. 1001, and a route if you like.')
    expect(smsReply(schedule, parseSms('stop 1001'), () => [])).toBe('Abdali: no bus in the next hour.')
  })

  it('counts segments: 160 Latin characters, 70 once there is Arabic', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1)
    expect(smsSegments('a'.repeat(161))).toBe(2)
    expect(smsSegments('ب'.repeat(70))).toBe(1)
    expect(smsSegments('ب'.repeat(71))).toBe(2)
  })
})
