import { createContext } from 'svelte'
import { translate, type MessageKey } from './catalog.js'
import { pickLang } from './pick-lang.js'
import { dirOf, type Lang, type Params } from './translate.js'

const STORAGE_KEY = 'masar.lang'

export interface LocaleDeps {
  /** Where the choice is remembered (localStorage); null when the browser refuses storage. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null
  /** The page's address and its history, to read and keep `?lang=` in step. */
  location: Pick<Location, 'search' | 'href'>
  history: Pick<History, 'replaceState'> | null
  root: HTMLElement | null
  /** The browser's languages in the user's order (navigator.languages); empty when unknown. */
  languages: readonly string[]
}

/** The interface language: `?lang=` in the address, else the remembered choice, else the browser's (pick-lang.ts); Arabic by default. */
export class Locale {
  lang = $state<Lang>('ar')
  readonly dir = $derived(dirOf(this.lang))
  readonly #deps: LocaleDeps

  constructor(deps: LocaleDeps) {
    this.#deps = deps
    this.lang = pickLang({ search: deps.location.search, stored: readStored(deps.storage), preferred: deps.languages })
  }

  /** A message in the current language (reactive: reads `lang`). */
  t = (key: MessageKey, params?: Params): string => translate(this.lang, key, params)

  set(lang: Lang): void {
    this.lang = lang
    try {
      this.#deps.storage?.setItem(STORAGE_KEY, lang)
    } catch {
      // storage full or refused (private mode): the choice lasts this visit only
    }
    const url = new URL(this.#deps.location.href)
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', lang)
      this.#deps.history?.replaceState(null, '', url)
    }
    this.apply()
  }

  toggle(): void {
    this.set(this.lang === 'ar' ? 'en' : 'ar')
  }

  /** Sets `lang` and `dir` on <html>, so the page, the browser's text-to-speech and the CSS follow. */
  apply(): void {
    if (!this.#deps.root) return
    this.#deps.root.lang = this.lang
    this.#deps.root.dir = this.dir
  }
}

function readStored(storage: LocaleDeps['storage']): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

export const [getLocale, setLocale] = createContext<Locale>()
