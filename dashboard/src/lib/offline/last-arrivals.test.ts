import { describe, expect, it } from 'vitest'
import { loadLastArrivals, saveLastArrivals, STOPS_KEPT } from './last-arrivals.js'

class MemoryStorage {
  readonly #items = new Map<string, string>()
  get length() {
    return this.#items.size
  }
  key(i: number) {
    return [...this.#items.keys()][i] ?? null
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value)
  }
  removeItem(key: string) {
    this.#items.delete(key)
  }
}

const stop = { stopId: 's1', code: '101', name: 'Abdali', lat: 31.96, lon: 35.91 }

describe('the last arrivals seen at a stop, kept on the phone', () => {
  it('gives back what was saved, with when it was seen', () => {
    const storage = new MemoryStorage()
    saveLastArrivals(storage, 's1', { stop, arrivals: [], seenAtMs: 1_000, seenAtLocalMs: 900 })
    expect(loadLastArrivals(storage, 's1')).toEqual({ stop, arrivals: [], seenAtMs: 1_000, seenAtLocalMs: 900 })
    expect(loadLastArrivals(storage, 's2')).toBeNull()
  })

  it('keeps only the most recently seen stops', () => {
    const storage = new MemoryStorage()
    for (let i = 0; i < STOPS_KEPT + 2; i++) saveLastArrivals(storage, `s${i}`, { stop: null, arrivals: [], seenAtMs: i, seenAtLocalMs: i })
    expect(storage.length).toBe(STOPS_KEPT)
    expect(loadLastArrivals(storage, 's0')).toBeNull()
    expect(loadLastArrivals(storage, `s${STOPS_KEPT + 1}`)?.seenAtMs).toBe(STOPS_KEPT + 1)
  })

  it('reads nothing from a missing storage or a damaged entry', () => {
    const storage = new MemoryStorage()
    storage.setItem('masar.lastArrivals.s1', '{not json')
    expect(loadLastArrivals(storage, 's1')).toBeNull()
    expect(loadLastArrivals(null, 's1')).toBeNull()
  })
})
