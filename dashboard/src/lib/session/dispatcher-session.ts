import type { TokenResponse } from '@masar/model/api/auth'

/**
 * A dispatcher's sign-in, kept in sessionStorage (gone with the tab; never localStorage, so a shared computer does
 * not stay signed in). An expired token counts as signed out.
 */
export interface DispatcherSession {
  username: string
  token: string
  role: TokenResponse['role']
  expiresAt: string
}

const KEY = 'masar.dispatcher'

type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function readSession(storage: SessionStore | null, nowMs: number): DispatcherSession | null {
  let value: unknown
  try {
    value = JSON.parse(storage?.getItem(KEY) ?? 'null')
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const s = value as Partial<DispatcherSession>
  if (typeof s.token !== 'string' || typeof s.username !== 'string' || typeof s.expiresAt !== 'string') return null
  const expiresMs = Date.parse(s.expiresAt)
  if (!Number.isFinite(expiresMs) || expiresMs <= nowMs) return null
  return { username: s.username, token: s.token, role: s.role === 'admin' ? 'admin' : 'dispatcher', expiresAt: s.expiresAt }
}

export function saveSession(storage: SessionStore | null, session: DispatcherSession): void {
  storage?.setItem(KEY, JSON.stringify(session))
}

export function clearSession(storage: SessionStore | null): void {
  storage?.removeItem(KEY)
}

/** The browser's session storage, or null where it is refused (private modes, sandboxed frames). */
export function browserSessionStore(): SessionStore | null {
  try {
    return sessionStorage
  } catch {
    return null
  }
}
