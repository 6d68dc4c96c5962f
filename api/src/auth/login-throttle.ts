/**
 * Sign-in lockout, in memory: after `maxFailuresPerUsername` failed sign-ins for one username (or
 * `maxFailuresPerAddress` from one client address) within `windowMs`, that username (or address) is locked for
 * `lockoutMs`, whatever password comes next. A successful sign-in clears the username's failures, not the
 * address's (else an attacker with one account of their own could clear the count between guesses).
 * Per api instance: behind N instances an attacker gets at most N times the attempts. At most `maxTracked` keys
 * are held (the oldest dropped first), so a flood of made-up usernames cannot exhaust memory.
 */
export interface LoginThrottleOptions {
  maxFailuresPerUsername: number
  maxFailuresPerAddress: number
  windowMs: number
  lockoutMs: number
  maxTracked: number
  now: () => number
}

export const DEFAULT_LOGIN_THROTTLE: Omit<LoginThrottleOptions, 'now'> = {
  maxFailuresPerUsername: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000, maxTracked: 10_000,
}

export interface Lockout {
  by: 'username' | 'address'
  retryAfterMs: number
}

export interface LoginThrottle {
  /** Null when a sign-in may be tried now. */
  lockoutOf(username: string, address: string): Lockout | null
  recordFailure(username: string, address: string): void
  recordSuccess(username: string): void
}

interface Entry {
  failuresAtMs: number[]
  lockedUntilMs: number
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const entries = new Map<string, Entry>()
  const userKey = (username: string) => `u:${username.normalize('NFKC').toLowerCase()}`
  const addressKey = (address: string) => `a:${address}`

  const lockedFor = (key: string, nowMs: number) => Math.max(0, (entries.get(key)?.lockedUntilMs ?? 0) - nowMs)

  function fail(key: string, max: number, nowMs: number): void {
    const entry = entries.get(key) ?? { failuresAtMs: [], lockedUntilMs: 0 }
    entries.delete(key) // re-inserted last: the map's order is the order of last failure
    entry.failuresAtMs = [...entry.failuresAtMs.filter((at) => at > nowMs - options.windowMs), nowMs].slice(-max)
    if (entry.failuresAtMs.length >= max) entry.lockedUntilMs = nowMs + options.lockoutMs
    entries.set(key, entry)
    while (entries.size > options.maxTracked) entries.delete(entries.keys().next().value!)
  }

  return {
    lockoutOf(username, address) {
      const nowMs = options.now()
      const user = lockedFor(userKey(username), nowMs)
      if (user > 0) return { by: 'username', retryAfterMs: user }
      const addr = lockedFor(addressKey(address), nowMs)
      return addr > 0 ? { by: 'address', retryAfterMs: addr } : null
    },
    recordFailure(username, address) {
      const nowMs = options.now()
      fail(userKey(username), options.maxFailuresPerUsername, nowMs)
      fail(addressKey(address), options.maxFailuresPerAddress, nowMs)
    },
    recordSuccess(username) {
      entries.delete(userKey(username))
    },
  }
}
