import { describe, expect, it } from 'vitest'
import { FieldTranslations, type TranslationRow } from './field-translations.js'

const row = (tableName: string, fieldName: string, language: string, translation: string, by: { recordId?: string; fieldValue?: string }): TranslationRow => ({
  tableName, fieldName, language, translation, recordId: by.recordId ?? null, fieldValue: by.fieldValue ?? null,
})

describe('FieldTranslations', () => {
  const translations = new FieldTranslations([
    row('stops', 'stop_name', 'en', 'University of Jordan', { recordId: 'S1014' }),
    row('stops', 'stop_name', 'fr', 'Université de Jordanie', { recordId: 'S1014' }),
    row('trips', 'trip_headsign', 'en', 'Sweileh Terminal', { fieldValue: 'مجمع صويلح' }),
    row('trips', 'trip_headsign', 'en', 'Sweileh (express)', { recordId: 'T9' }),
    row('routes', 'route_long_name', 'en', '', { recordId: 'R1' }), // nothing to show: left out
  ])

  it('finds a record by its id, in every language given', () => {
    expect(translations.of('stops', 'stop_name', 'S1014', 'الجامعة الأردنية')).toEqual({ en: 'University of Jordan', fr: 'Université de Jordanie' })
  })

  it('finds every record whose field holds a translated text, and prefers a translation of the record itself', () => {
    expect(translations.of('trips', 'trip_headsign', 'T1', 'مجمع صويلح')).toEqual({ en: 'Sweileh Terminal' })
    expect(translations.of('trips', 'trip_headsign', 'T9', 'مجمع صويلح')).toEqual({ en: 'Sweileh (express)' })
  })

  it('gives nothing for what the feed does not translate, or translates to nothing', () => {
    expect(translations.of('trips', 'trip_headsign', 'T2', 'مجمع المحطة')).toEqual({})
    expect(translations.of('trips', 'trip_headsign', 'T2', null)).toEqual({})
    expect(translations.of('stops', 'stop_name', 'T9', null)).toEqual({}) // another table's record
    expect(translations.of('routes', 'route_long_name', 'R1', 'Downtown')).toEqual({})
  })
})
