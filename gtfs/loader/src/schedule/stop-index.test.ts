import { describe, expect, it } from 'vitest'
import type { ScheduleStop } from './schedule.js'
import { haversineM } from '@masar/model/geo/polyline'
import { editDistance, normalizeName, StopIndex } from './stop-index.js'

const stop = (stopId: string, name: string, lat: number, lon: number, en?: string, code?: string): ScheduleStop => ({
  stopId, name, lat, lon, code: code ?? null, translations: en ? { en } : {},
})

const stops = [
  stop('abdali', 'مجمع العبدلي', 31.9622, 35.9106, 'Abdali Terminal', '1001'),
  stop('balad', 'وسط البلد', 31.9515, 35.9396, 'Downtown (Al-Balad)', '1002'),
  stop('uj', 'الجامعة الأردنية', 32.0153, 35.8727, 'University of Jordan', '1003'),
  stop('sweileh', 'صويلح', 32.0219, 35.8406, 'Sweileh', '1004'),
]

describe('StopIndex', () => {
  it('finds stops within a radius, nearest first', () => {
    const index = new StopIndex(stops)
    expect(index.near(31.9600, 35.9110, 500).map((s) => s.stopId)).toEqual(['abdali'])
    expect(index.near(31.9600, 35.9110, 3500).map((s) => s.stopId)).toEqual(['abdali', 'balad'])
    expect(index.near(32.02, 35.86, 5000).map((s) => s.stopId)).toEqual(['uj', 'sweileh'])
    expect(index.near(29.5, 35.0, 5000)).toEqual([]) // Aqaba: nothing
  })

  it('finds stops by code, by Arabic name with or without hamza and diacritics, and by English name', () => {
    const index = new StopIndex(stops)
    expect(index.search('1003', 5).map((s) => s.stopId)).toEqual(['uj'])
    expect(index.search('الجامعة الاردنية', 5).map((s) => s.stopId)).toEqual(['uj']) // typed without the hamza
    expect(index.search('العَبْدَلي', 5).map((s) => s.stopId)).toEqual(['abdali']) // typed with diacritics
    expect(index.search('downtown', 5).map((s) => s.stopId)).toEqual(['balad'])
    expect(index.search('', 5)).toEqual([])
  })

  it('measures distances on the sphere', () => {
    expect(haversineM(31.9622, 35.9106, 31.9515, 35.9396)).toBeCloseTo(2982, -1)
    expect(normalizeName('  Ras Al-Ain ')).toBe('ras al-ain')
  })
})

describe('typo-tolerant stop search', () => {
  it('finds a stop a typo or two away, in Arabic or English, when nothing contains the query', () => {
    const index = new StopIndex([
      { stopId: 'S1', code: '1001', name: 'العبدلي', translations: { en: 'Abdali' }, lat: 31.96, lon: 35.91 },
      { stopId: 'S2', code: '1002', name: 'الجامعة الأردنية', translations: { en: 'University of Jordan' }, lat: 32.01, lon: 35.87 },
    ])
    expect(index.search('Abdaly', 5).map((s) => s.stopId)).toEqual(['S1'])
    expect(index.search('Unievrsity', 5).map((s) => s.stopId)).toEqual(['S2']) // two letters swapped
    expect(index.search('العبدلى', 5).map((s) => s.stopId)).toEqual(['S1']) // alef maqsura for yeh is folded anyway
    expect(index.search('الجامعه', 5).map((s) => s.stopId)).toEqual(['S2'])
    expect(index.search('Zarqa', 5)).toEqual([])
  })

  it('counts edits, with an adjacent swap as one', () => {
    expect(editDistance('abdali', 'abdaly', 2)).toBe(1)
    expect(editDistance('university', 'unievrsity', 2)).toBe(1)
    expect(editDistance('sweileh', 'sahab', 2)).toBe(3)
  })
})
