import type pg from 'pg'
import { clientAddressKey } from './client-address.js'
import { changeThrottleRows, deleteForgottenSignInFailures, type ThrottleRow } from './sign-in-failures.repository.js'

/**
 * Sign-in throttling, shared by every api replica (PostgreSQL: sign-in-failures.repository.ts). Each attempt is
 * counted against three keys, each with its own policy:
 *
 * - the username *and* the client address together ('pair'): after a few failures, each further attempt from that
 *   address for that username waits a delay that doubles, up to a cap. This is what slows one guesser, and it holds
 *   back only the address guessing: the account's owner, signing in from elsewhere, is not held back at all, so
 *   nobody can lock an account out by failing at it (the default admin's name is known to everyone).
 * - the client address ('address', an IPv6 address as its /64: client-address.ts): after many failures over any
 *   usernames, the address is held back for a while. It holds back only the attacker.
 * - the username alone, over all addresses ('username'): a ceiling for guessing spread over many addresses, which
 *   slows rather than locks: past a generous number of failures, at most one attempt per `firstDelayMs` is checked
 *   for that username, whoever sends it (the owner too, for at most that long). A botnet gets one guess a few
 *   seconds, a few thousand a day, rather than as many as it has addresses.
 *
 * Exact under parallel attempts: `begin` counts an attempt before its password is checked, in one transaction with
 * the rows of its keys locked, and refuses it if any of its keys holds it back: a key past its free failures lets
 * one attempt through when its delay is over (and holds the rest back for the next delay at once), and none while
 * the attempt that reached the limit is still being checked. So however many guesses arrive at once on however
 * many replicas, no more are checked than the policies allow. A refused attempt changes nothing. A successful
 * attempt clears its username's and its pair's counts and is taken back from its address's (not cleared, else an
 * attacker with one account of their own could clear the count between guesses). The counts live in the database:
 * nothing is evicted, and a flood of made-up usernames costs rows that are deleted once forgotten.
 */
export interface ThrottlePolicy {
  /** Failures (within `forgetAfterMs` of each other) that are not held back. */
  free: number
  /** After the `free`-th failure the next attempt waits this long; each failure after multiplies it by `growth`… */
  firstDelayMs: number
  growth: number
  /** …up to this. */
  maxDelayMs: number
  /** A key with no attempt for this long starts again from nothing. */
  forgetAfterMs: number
}

export interface LoginThrottleLimits {
  pair: ThrottlePolicy
  address: ThrottlePolicy
  username: ThrottlePolicy
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleLimits = {
  // One address at one username: 5 guesses, then 5 s, 10 s, 20 s… up to 15 min between guesses.
  pair: { free: 5, firstDelayMs: 5_000, growth: 2, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
  // One address at any usernames: 20 guesses, then 15 minutes' wait.
  address: { free: 20, firstDelayMs: 15 * 60_000, growth: 1, maxDelayMs: 15 * 60_000, forgetAfterMs: 15 * 60_000 },
  // Any addresses at one username: 30 guesses, then one every 15 s, until 15 minutes pass without a failure.
  username: { free: 30, firstDelayMs: 15_000, growth: 1, maxDelayMs: 15_000, forgetAfterMs: 15 * 60_000 },
}

export interface LoginThrottleOptions {
  limits: LoginThrottleLimits
  now: () => number
}

export type ThrottleKind = keyof LoginThrottleLimits

export interface Lockout {
  /** What holds the attempt back: failures for this username from this address, from this address, or for this username. */
  by: ThrottleKind
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

const normalUsername = (username: string) => username.normalize('NFKC').toLowerCase()
export const usernameKey = (username: string) => `u:${normalUsername(username)}`
export const addressKey = (address: string) => `a:${clientAddressKey(address)}`
export const pairKey = (username: string, address: string) => `p:${normalUsername(username)}|${clientAddressKey(address)}`

const KIND_OF_PREFIX: Record<string, ThrottleKind> = { 'p:': 'pair', 'a:': 'address', 'u:': 'username' }
const kindOf = (key: string): ThrottleKind => KIND_OF_PREFIX[key.slice(0, 2)]!

/** How long the next attempt waits after `failures` failures (none before the `free`-th). */
export function delayAfter(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.free) return 0
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.growth ** (failures - policy.free))
}

/** An attempt now against one key: held back (how long), or let through (the row to write). */
export function admit(row: ThrottleRow, policy: ThrottlePolicy, nowMs: number): { retryAfterMs: number } | { row: ThrottleRow } {
  if (row.lockedUntilMs !== null && row.lockedUntilMs > nowMs) return { retryAfterMs: row.lockedUntilMs - nowMs }
  const forgotten = row.failures === 0 || nowMs - row.lastAttemptMs >= policy.forgetAfterMs
  const failures = (forgotten ? 0 : row.failures) + 1
  const lockedUntilMs = forgotten ? null : row.lockedUntilMs
  if (failures <= policy.free) return { row: { ...row, failures, lastAttemptMs: nowMs, lockedUntilMs } }
  // Past the free failures: never held back yet means the attempt that reached the limit is still in progress.
  if (lockedUntilMs === null) return { retryAfterMs: IN_PROGRESS_RETRY_MS }
  // Its delay is over: this one goes through, and holds back the next (as its failure will) from now.
  return { row: { ...row, failures, lastAttemptMs: nowMs, lockedUntilMs: nowMs + delayAfter(policy, failures) } }
}

export function createLoginThrottle(pool: pg.Pool, options: LoginThrottleOptions): LoginThrottle {
  const { limits } = options
  let lastCleanupMs = -Infinity
  const forgetAfterMs = { 'p:': limits.pair.forgetAfterMs, 'a:': limits.address.forgetAfterMs, 'u:': limits.username.forgetAfterMs }
  const policyOf = (key: string) => limits[kindOf(key)]

  return {
    async begin(username, address) {
      const nowMs = options.now()
      if (nowMs - lastCleanupMs >= CLEANUP_EVERY_MS) {
        lastCleanupMs = nowMs
        await deleteForgottenSignInFailures(pool, nowMs, forgetAfterMs)
      }
      const keys = [pairKey(username, address), addressKey(address), usernameKey(username)]
      const lockout = await changeThrottleRows(pool, keys, nowMs, (rows) => {
        const decisions = rows.map((row) => ({ key: row.key, decision: admit(row, policyOf(row.key), nowMs) }))
        const refusals = decisions.flatMap(({ key, decision }) => ('retryAfterMs' in decision ? [{ by: kindOf(key), retryAfterMs: decision.retryAfterMs }] : []))
        if (refusals.length) return { result: refusals.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a)) }
        return { result: null, writes: decisions.flatMap(({ decision }) => ('row' in decision ? [decision.row] : [])) }
      })
      if (lockout) return { lockout }
      const [pair, addr, user] = keys as [string, string, string]
      return {
        attempt: {
          // Each key at or past its free failures holds the next attempt back from now.
          failed: () => changeThrottleRows(pool, keys, options.now(), (rows) => {
            const failedMs = options.now()
            const writes = rows.flatMap((row) => {
              const delayMs = delayAfter(policyOf(row.key), row.failures)
              return delayMs > 0 ? [{ ...row, lockedUntilMs: Math.max(row.lockedUntilMs ?? 0, failedMs + delayMs) }] : []
            })
            return { result: undefined, writes }
          }),
          succeeded: () => changeThrottleRows(pool, keys, options.now(), (rows) => ({
            result: undefined,
            writes: rows.filter((row) => row.key === addr).map((row) => ({ ...row, failures: Math.max(row.failures - 1, 0) })),
            deletes: [pair, user],
          })),
        },
      }
    },
  }
}
