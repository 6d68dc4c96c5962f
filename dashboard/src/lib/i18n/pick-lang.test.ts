import { describe, expect, it } from 'vitest'
import { browserLang, pickLang } from './pick-lang.js'

describe('the browser\'s language', () => {
  it('is the first of navigator.languages that is Arabic or English, in the user\'s order', () => {
    expect(browserLang(['en-GB', 'ar'])).toBe('en')
    expect(browserLang(['ar-JO', 'en-US'])).toBe('ar')
    expect(browserLang(['fr', 'en'])).toBe('en')
    expect(browserLang(['de-DE', 'fr-FR', 'ar'])).toBe('ar')
    expect(browserLang(['ar-JO'])).toBe('ar')
    expect(browserLang(['EN_us'])).toBe('en')
  })

  it('is none for a browser with neither, or no languages', () => {
    expect(browserLang([])).toBeNull()
    expect(browserLang(['fr', 'de'])).toBeNull()
    expect(browserLang(['arn', 'eng', ''])).toBeNull() // Mapudungun, and not a two-letter English tag
  })
})

describe('the interface language', () => {
  it('follows the browser: English when it prefers English, Arabic otherwise', () => {
    expect(pickLang({ search: '', stored: null, preferred: ['en-GB', 'ar'] })).toBe('en')
    expect(pickLang({ search: '', stored: null, preferred: ['fr', 'en'] })).toBe('en')
    expect(pickLang({ search: '', stored: null, preferred: ['ar-JO'] })).toBe('ar')
    expect(pickLang({ search: '', stored: null, preferred: [] })).toBe('ar')
    expect(pickLang({ search: '', stored: null, preferred: ['fr'] })).toBe('ar')
  })

  it('keeps the choice the user made with the switch over the browser\'s', () => {
    expect(pickLang({ search: '', stored: 'ar', preferred: ['en-US'] })).toBe('ar')
    expect(pickLang({ search: '', stored: 'en', preferred: ['ar-JO'] })).toBe('en')
    expect(pickLang({ search: '', stored: 'de', preferred: ['en'] })).toBe('en') // not a language of ours: ignored
  })

  it('lets ?lang= in the address win over both', () => {
    expect(pickLang({ search: '?lang=en', stored: 'ar', preferred: ['ar'] })).toBe('en')
    expect(pickLang({ search: '?x=1&lang=ar', stored: 'en', preferred: ['en'] })).toBe('ar')
    expect(pickLang({ search: '?lang=fr', stored: null, preferred: [] })).toBe('ar')
  })
})
