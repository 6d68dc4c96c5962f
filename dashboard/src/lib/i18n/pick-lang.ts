import { isLang, type Lang } from './translate.js'

/**
 * The interface language, strongest first: `?lang=` in the address (a shared link), then the choice the user made
 * with the switch (remembered on the device), then the browser's languages in the user's order — the first that is
 * Arabic or English decides — and Arabic when none is.
 */
export interface LangSources {
  search: string
  stored: string | null
  /** navigator.languages: BCP 47 tags such as "en-GB", "ar-JO", "fr". */
  preferred: readonly string[]
}

export function pickLang(sources: LangSources): Lang {
  const fromUrl = new URLSearchParams(sources.search).get('lang')
  if (isLang(fromUrl)) return fromUrl
  if (isLang(sources.stored)) return sources.stored
  return browserLang(sources.preferred) ?? 'ar'
}

/** The first of the browser's languages that is Arabic or English (any region or script), or null. */
export function browserLang(preferred: readonly string[]): Lang | null {
  for (const tag of preferred) {
    const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase()
    if (isLang(primary)) return primary
  }
  return null
}
