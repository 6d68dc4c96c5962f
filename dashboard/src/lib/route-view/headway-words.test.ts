import { describe, expect, it } from 'vitest'
import { translate, type MessageKey } from '../i18n/catalog.js'
import type { Params } from '../i18n/translate.js'
import { everyWords, headwayShort, headwayWords } from './headway-words.js'

const en = (key: MessageKey, params?: Params) => translate('en', key, params)
const ar = (key: MessageKey, params?: Params) => translate('ar', key, params)

describe('headways in words', () => {
  it('are whole minutes, not minutes and seconds', () => {
    expect(headwayWords(420, en)).toBe('7 min')
    expect(headwayWords(2820, en)).toBe('47 min') // what the route view used to print as "47:00"
    expect(headwayWords(65, en)).toBe('1 min')
    expect(headwayWords(245, en)).toBe('4 min')
    expect(headwayWords(420, ar)).toBe('7 دقائق')
    expect(headwayWords(120, ar)).toBe('دقيقتان')
    expect(headwayWords(900, ar)).toBe('15 دقيقة')
  })

  it('say "under a minute" for buses together, and that a bus overtook the one ahead', () => {
    expect(headwayWords(20, en)).toBe('under a minute')
    expect(headwayWords(0, ar)).toBe('أقل من دقيقة')
    expect(headwayWords(-130, en)).toBe('overtook it by 2 min')
    expect(headwayWords(-60, ar)).toBe('تجاوزتها بدقيقة')
  })

  it('say a timetable\'s headway as "every n min"', () => {
    expect(everyWords(480, en)).toBe('every 8 min')
    expect(everyWords(480, ar)).toBe('كل 8 دقائق')
    expect(everyWords(60, en)).toBe('every minute')
    expect(everyWords(0, en)).toBe('under a minute')
  })

  it('fit under a bar in a few characters', () => {
    expect(headwayShort(420, en)).toBe('7 min')
    expect(headwayShort(-130, en)).toBe('\u22122 min')
    expect(headwayShort(10, en)).toBe('<1 min')
    expect(headwayShort(420, ar)).toBe('7 د')
  })
})
