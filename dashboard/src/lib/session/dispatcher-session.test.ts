import { describe, expect, it } from 'vitest'
import { clearSession, readSession, saveSession } from './dispatcher-session.js'

function memoryStorage() {
  const items = new Map<string, string>()
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) }
}

const NOW = Date.parse('2025-03-02T07:00:00.000Z')

describe('dispatcher session', () => {
  it('is read back until the token expires, and gone once cleared', () => {
    const storage = memoryStorage()
    const session = { username: 'rana', token: 'tok', role: 'dispatcher' as const, expiresAt: new Date(NOW + 3600_000).toISOString() }
    saveSession(storage, session)
    expect(readSession(storage, NOW)).toEqual(session)
    expect(readSession(storage, NOW + 3600_000)).toBeNull()
    clearSession(storage)
    expect(readSession(storage, NOW)).toBeNull()
  })

  it('treats broken or partial storage as signed out', () => {
    const storage = memoryStorage()
    storage.setItem('masar.dispatcher', '{not json')
    expect(readSession(storage, NOW)).toBeNull()
    storage.setItem('masar.dispatcher', JSON.stringify({ username: 'rana', expiresAt: new Date(NOW + 1000).toISOString() }))
    expect(readSession(storage, NOW)).toBeNull()
    expect(readSession(null, NOW)).toBeNull()
  })
})
