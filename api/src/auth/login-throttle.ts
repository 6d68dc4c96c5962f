import type pg from 'pg'
import {
  clearSignInFailures, countSignInAttempt, deleteStaleSignInFailures, lockSignInKeysIfFull, uncountSignInAttempt, type ThrottleLimits, type ThrottleRow,
} from './sign-in-failures.repository.js'

/**
 * Sign-in lockout, shared by every api replica (PostgreSQL: sign-in-failures.repository.ts): after
 * `maxFailuresPerUsername` failed sign-ins for one username (or `maxFailuresPerAddress` from one client address)
 * within `windowMs` of the first, that username (or address) is locked for `lockoutMs`, whatever password comes next.
 *
 * Exact under parallel guesses: `begin` counts the attempt as a failure, atomically, before its password is
 * checked, and refuses it when that goes over the limit; so however many guesses arrive at once on however many
 * replicas, at most the limit are checked. A successful attempt is taken back from its address's count and clears
 * its username's (not the address's, else an attacker with one account of their own could clear the count between
 * guesses). The counts live in the database, not in memory: nothing is evicted, and a flood of made-up usernames
 * costs rows that are deleted once their window is over.
 */
export interface LoginThrottleOptions extends ThrottleLimits {
  now: () => number
}

export const DEFAULT_LOGIN_THROTTLE: ThrottleLimits = {
  maxFailuresPerUsername: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000,
}

export interface Lockout {
  by: 'username' | 'address'
  retryAfterMs: number
}

export interface SignInAttempt {
  failed(): Promise<void>
  succeeded(): Promise<void>
}

export interface LoginThrottle {
  /** Counts a sign-in attempt before its password is checked: a lockout when it is refused, else the attempt to settle. */
  begin(username: string, address: string): Promise<{ lockout: Lockout } | { attempt: SignInAttempt }>
}

/** Attempts refused because the limit is taken by attempts still in progress: try again shortly. */
const IN_PROGRESS_RETRY_MS = 1000
const CLEANUP_EVERY_MS = 60_000

export const usernameKey = (username: string) => `u:${username.normalize('NFKC').toLowerCase()}`
export const addressKey = (address: string) => `a:${address}`

export function createLoginThrottle(pool: pg.Pool, options: LoginThrottleOptions): LoginThrottle {
  let lastCleanupMs = -Infinity
  const maxOf = (key: string) => (key.startsWith('u:') ? options.maxFailuresPerUsername : options.maxFailuresPerAddress)

  return {
    async begin(username, address) {
      const nowMs = options.now()
      if (nowMs - lastCleanupMs >= CLEANUP_EVERY_MS) {
        lastCleanupMs = nowMs
        await deleteStaleSignInFailures(pool, nowMs, options.windowMs)
      }
      const user = usernameKey(username)
      const addr = addressKey(address)
      const rows = await countSignInAttempt(pool, [user, addr], nowMs, options.windowMs)
      const locked = rows.filter((row) => row.lockedUntilMs !== null && row.lockedUntilMs > nowMs)
      const full = rows.filter((row) => row.lockedUntilMs === null && row.failures > maxOf(row.key))
      if (locked.length === 0 && full.length === 0) {
        return {
          attempt: {
            failed: () => lockSignInKeysIfFull(pool, [user, addr], options.now(), options),
            succeeded: async () => {
              await clearSignInFailures(pool, user)
              await uncountSignInAttempt(pool, [addr])
            },
          },
        }
      }
      await uncountSignInAttempt(pool, rows.filter((row) => row.lockedUntilMs === null).map((row) => row.key))
      const by = firstByUsername(locked) ?? firstByUsername(full)!
      const retryAfterMs = by.lockedUntilMs !== null ? by.lockedUntilMs - nowMs : IN_PROGRESS_RETRY_MS
      return { lockout: { by: by.key.startsWith('u:') ? 'username' : 'address', retryAfterMs } }
    },
  }
}

function firstByUsername(rows: ThrottleRow[]): ThrottleRow | undefined {
  return rows.find((row) => row.key.startsWith('u:')) ?? rows[0]
}
