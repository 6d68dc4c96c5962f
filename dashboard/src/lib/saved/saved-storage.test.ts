import { describe, expect, it } from 'vitest'
import { emptySaved, toggleRoute, toggleStop } from './saved-list.js'
import { readSaved, writeSaved } from './saved-storage.js'

const memoryStorage = () => {
  const items = new Map<string, string>()
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) }
}

describe('saved places in storage', () => {
  it('are read back on the next visit as they were written', () => {
    const storage = memoryStorage()
    const list = toggleRoute(toggleStop(emptySaved(), { stopId: 'S1', name: 'العبدلي' }), { routeId: 'BRT1', name: 'BRT1' })
    expect(writeSaved(storage, list)).toBe(true)
    expect(readSaved(storage)).toEqual(list)
  })

  it('are an empty list, not an error, when the browser refuses storage or has none', () => {
    const refusing = { getItem: () => { throw new Error('SecurityError') }, setItem: () => { throw new Error('QuotaExceededError') } }
    expect(readSaved(refusing)).toEqual(emptySaved())
    expect(writeSaved(refusing, emptySaved())).toBe(false)
    expect(readSaved(null)).toEqual(emptySaved())
    expect(writeSaved(null, emptySaved())).toBe(false)
  })
})
