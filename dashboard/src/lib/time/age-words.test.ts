import { describe, expect, it } from 'vitest'
import { translate } from '../i18n/catalog.js'
import { ageWords, secondsSince } from './age-words.js'

describe('an age said plainly', () => {
  it('takes the largest whole unit', () => {
    expect(ageWords(0)).toEqual({ key: 'age.seconds', count: 0 })
    expect(ageWords(59.9)).toEqual({ key: 'age.seconds', count: 59 })
    expect(ageWords(12 * 60 + 30)).toEqual({ key: 'age.minutes', count: 12 })
    expect(ageWords(3 * 3600 + 59 * 60)).toEqual({ key: 'age.hours', count: 3 })
    expect(ageWords(2 * 86_400 + 5)).toEqual({ key: 'age.days', count: 2 })
    expect(ageWords(-5)).toEqual({ key: 'age.seconds', count: 0 })
  })

  it('reads as a sentence in both languages, Arabic with its dual and plural', () => {
    const say = (lang: 'ar' | 'en', seconds: number) => {
      const { key, count } = ageWords(seconds)
      return translate(lang, 'offline.seenAgo', { age: translate(lang, key, { count }) })
    }
    expect(say('en', 12 * 60)).toBe('These arrivals were seen 12 minutes ago and may have changed.')
    expect(say('en', 60)).toBe('These arrivals were seen 1 minute ago and may have changed.')
    expect(say('ar', 120)).toBe('شوهدت هذه المواعيد قبل دقيقتين وربما تغيّرت.')
    expect(say('ar', 5 * 60)).toBe('شوهدت هذه المواعيد قبل 5 دقائق وربما تغيّرت.')
  })

  it('counts seconds since an instant, not into the future', () => {
    expect(secondsSince(1_000, 61_000)).toBe(60)
    expect(secondsSince(61_000, 1_000)).toBe(0)
  })
})
