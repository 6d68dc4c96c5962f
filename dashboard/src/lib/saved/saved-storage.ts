import { formatSaved, parseSaved, SAVED_STORAGE_KEY, type SavedList } from './saved-list.js'

/** Where the list is kept: localStorage in the page; null when the browser refuses storage (then only for this visit). */
export type SavedStorage = Pick<Storage, 'getItem' | 'setItem'> | null

export function readSaved(storage: SavedStorage): SavedList {
  try {
    return parseSaved(storage?.getItem(SAVED_STORAGE_KEY) ?? null)
  } catch {
    return parseSaved(null)
  }
}

/** Whether it was kept: a full or refusing storage keeps the list for this visit only. */
export function writeSaved(storage: SavedStorage, list: SavedList): boolean {
  try {
    storage?.setItem(SAVED_STORAGE_KEY, formatSaved(list))
    return storage !== null
  } catch {
    return false
  }
}
