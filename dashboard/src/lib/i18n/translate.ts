/**
 * Messages in Arabic (first) and English: the language pick, its direction, and a message with its parameters
 * filled in. A message is a string with `{name}` placeholders, or plural forms chosen by `count` with the CLDR
 * rules of the language (Arabic has six: zero, one, two, few, many, other). Digits stay Western.
 */
export type Lang = 'ar' | 'en'
export type Dir = 'rtl' | 'ltr'

export const LANGS: readonly Lang[] = ['ar', 'en']

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
export type Message = string | PluralForms
export type Params = Readonly<Record<string, string | number>>

export function isLang(value: unknown): value is Lang {
  return value === 'ar' || value === 'en'
}

export function dirOf(lang: Lang): Dir {
  return lang === 'ar' ? 'rtl' : 'ltr'
}

const pluralRules: Record<Lang, Intl.PluralRules> = { ar: new Intl.PluralRules('ar'), en: new Intl.PluralRules('en') }

export function formatMessage(lang: Lang, message: Message, params: Params = {}): string {
  let text: string
  if (typeof message === 'string') {
    text = message
  } else {
    const count = Number(params.count ?? 0)
    text = message[pluralRules[lang].select(count)] ?? message.other
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** The placeholders a message uses, over all its plural forms (the catalogs must agree on them). */
export function placeholdersOf(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message)
  const names = new Set<string>()
  for (const text of texts) for (const match of text.matchAll(/\{(\w+)\}/g)) names.add(match[1]!)
  return [...names].sort()
}
