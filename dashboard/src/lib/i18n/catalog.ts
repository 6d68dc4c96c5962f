import { ar } from './messages-ar.js'
import { en } from './messages-en.js'
import { formatMessage, type Lang, type Message, type Params } from './translate.js'

/** Both catalogs; English is typed against the Arabic one, so a key missing from either fails typecheck. */
export type MessageKey = keyof typeof ar
export type Catalog = Readonly<Record<MessageKey, Message>>

export const catalogs: Readonly<Record<Lang, Catalog>> = { ar, en }

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return formatMessage(lang, catalogs[lang][key], params)
}
