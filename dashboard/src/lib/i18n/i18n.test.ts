import { describe, expect, it } from 'vitest'
import { catalogs, translate } from './catalog.js'
import { ar } from './messages-ar.js'
import { en } from './messages-en.js'
import { dirOf, formatMessage, placeholdersOf } from './translate.js'

describe('catalogs', () => {
  it('have the same keys in Arabic and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ar).sort())
  })

  it('use the same placeholders for each key in both languages', () => {
    const differing = Object.keys(ar).filter((key) => {
      const k = key as keyof typeof ar
      return placeholdersOf(ar[k]).join() !== placeholdersOf(en[k]).join()
    })
    expect(differing).toEqual([])
  })

  it('have no empty message', () => {
    for (const lang of ['ar', 'en'] as const) {
      for (const [key, message] of Object.entries(catalogs[lang])) {
        const texts = typeof message === 'string' ? [message] : Object.values(message)
        expect(texts.every((text) => text.trim().length > 0), `${lang} ${key}`).toBe(true)
      }
    }
  })
})

describe('direction', () => {
  it('is right-to-left for Arabic and left-to-right for English', () => {
    expect(dirOf('ar')).toBe('rtl')
    expect(dirOf('en')).toBe('ltr')
  })
})

describe('messages with parameters', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'stop.code', { code: '1203' })).toBe('Stop code: 1203')
    expect(translate('ar', 'stop.code', { code: '1203' })).toBe('رمز الموقف: 1203')
    expect(formatMessage('en', 'from {a} to {b}', { a: 1 })).toBe('from 1 to {b}')
  })

  it('picks the Arabic plural form for minutes (CLDR: one, two, few 3–10, many 11–99)', () => {
    expect(translate('ar', 'arrival.inMinutes', { count: 1 })).toBe('بعد دقيقة')
    expect(translate('ar', 'arrival.inMinutes', { count: 2 })).toBe('بعد دقيقتين')
    expect(translate('ar', 'arrival.inMinutes', { count: 3 })).toBe('بعد 3 دقائق')
    expect(translate('ar', 'arrival.inMinutes', { count: 10 })).toBe('بعد 10 دقائق')
    expect(translate('ar', 'arrival.inMinutes', { count: 11 })).toBe('بعد 11 دقيقة')
    expect(translate('ar', 'arrival.inMinutes', { count: 100 })).toBe('بعد 100 دقيقة')
  })

  it('says how often a bus comes on a route run to a headway, in Arabic and English', () => {
    expect(translate('ar', 'arrival.every', { count: 2 })).toBe('كل دقيقتين')
    expect(translate('ar', 'arrival.every', { count: 8 })).toBe('كل 8 دقائق')
    expect(translate('ar', 'arrival.every', { count: 15 })).toBe('كل 15 دقيقة')
    expect(translate('en', 'arrival.every', { count: 8 })).toBe('every 8 min')
  })

  it('picks the English plural form', () => {
    expect(translate('en', 'arrival.inMinutes', { count: 1 })).toBe('in 1 min')
    expect(translate('en', 'arrival.inMinutes', { count: 7 })).toBe('in 7 min')
    expect(translate('en', 'search.results', { count: 1 })).toBe('1 result')
    expect(translate('en', 'search.results', { count: 4 })).toBe('4 results')
  })

  it('falls back to the "other" form when a language lacks the chosen one', () => {
    // Arabic selects "many" for 11; this range message has only "few" and "other".
    expect(translate('ar', 'arrival.range', { from: 8, count: 11 })).toBe('غالبًا بين 8 و11 دقيقة')
    expect(translate('ar', 'arrival.range', { from: 3, count: 7 })).toBe('غالبًا بين 3 و7 دقائق')
  })
})
