import type { Arrival } from '@masar/model/api/arrival'
import type { Stop } from '@masar/model/api/stops'

/**
 * The last arrivals a phone saw for a stop, kept on the device (localStorage) so that, offline, the stop page still
 * shows them, with the time they were seen so the page can say how old they are. One entry per stop, the newest
 * only; the few most recently seen stops are kept.
 */
export interface LastArrivals {
  stop: Stop | null
  arrivals: readonly Arrival[]
  /** When they were seen, on the server's clock (the arrivals' own clock). */
  seenAtMs: number
  /** The same instant on the phone's clock: offline, the page counts on from it (the phone may be minutes off). */
  seenAtLocalMs: number
}

const PREFIX = 'masar.lastArrivals.'
export const STOPS_KEPT = 8

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>

export function saveLastArrivals(storage: Store | null, stopId: string, seen: LastArrivals): void {
  if (!storage) return
  try {
    storage.setItem(PREFIX + stopId, JSON.stringify(seen))
    forgetOldest(storage)
  } catch {
    // a full or refused storage only loses the offline copy
  }
}

export function loadLastArrivals(storage: Store | null, stopId: string): LastArrivals | null {
  if (!storage) return null
  try {
    const raw = storage.getItem(PREFIX + stopId)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<LastArrivals>
    if (typeof value.seenAtMs !== 'number' || !Array.isArray(value.arrivals)) return null
    return { stop: value.stop ?? null, arrivals: value.arrivals, seenAtMs: value.seenAtMs, seenAtLocalMs: typeof value.seenAtLocalMs === 'number' ? value.seenAtLocalMs : value.seenAtMs }
  } catch {
    return null
  }
}

function forgetOldest(storage: Store): void {
  const kept: Array<{ key: string; seenAtMs: number }> = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (!key?.startsWith(PREFIX)) continue
    const seenAtMs = (JSON.parse(storage.getItem(key) ?? '{}') as Partial<LastArrivals>).seenAtMs
    kept.push({ key, seenAtMs: typeof seenAtMs === 'number' ? seenAtMs : 0 })
  }
  kept.sort((a, b) => b.seenAtMs - a.seenAtMs)
  for (const { key } of kept.slice(STOPS_KEPT)) storage.removeItem(key)
}
