/**
 * Requests per client in a sliding window (a minute), counted in memory on the hot path and shared by every api
 * replica through a store (PostgreSQL: rate-limit.repository.ts). `hit` is O(1) and does no I/O; every
 * `syncEveryMs` the replica adds the requests it admitted since the last sync to the store in one statement and
 * learns each client's total over all replicas.
 *
 * The window slides as Cloudflare's does: the counts are kept per fixed minute of the clock (the same minute on
 * every replica), and a request is let in while this minute's count plus the last minute's, weighted by the share of
 * the last minute still inside the sliding window, is under the limit. So no burst of twice the limit across a
 * minute's boundary, and a client at its limit stays limited as the minute turns.
 *
 * The approximation: a replica sees other replicas' requests up to one sync late. A client spread over N replicas
 * can therefore exceed its limit by what the other N − 1 replicas admit it within one sync interval (at a steady
 * rate, rate × interval each; in the worst case of a burst faster than the sync, up to the limit each). The counts
 * of a minute's last interval that have not reached the store when it ends stay with the replica that took them.
 * When the store cannot be reached, each replica goes on limiting on its own counts and adds them once it can.
 */
export interface RateLimitStore {
  /** Adds these counts to the window's totals; answers the totals of those keys and of the watched ones. */
  add(windowStartMs: number, hits: ReadonlyMap<string, number>, watched: readonly string[]): Promise<Map<string, number>>
  /** Forgets windows that started before this instant. */
  forgetBefore(windowStartMs: number): Promise<void>
}

export interface RateLimitOptions {
  store: RateLimitStore
  windowMs: number
  syncEveryMs: number
  /** Beyond this many clients in one window on one replica, new ones are let through uncounted (memory bound). */
  maxKeys: number
  now: () => number
  onSyncError: (err: unknown) => void
}

export interface RateDecision {
  allowed: boolean
  /** Requests of this key in the sliding window as this replica knows them (weighted), this one included when allowed. */
  count: number
  /** How long until the next request of this key would be let in (0 when it would be now). */
  retryAfterMs: number
}

export interface SharedRateLimit {
  /** Counts one request of `key` (when under `max`). No I/O. */
  hit(key: string, max: number): RateDecision
  /** Adds this replica's new counts to the store and learns the totals (one at a time; also runs on a timer). */
  sync(): Promise<void>
  /** Stops the timer (counts not yet synced are dropped: at most one interval's). */
  close(): void
}

interface Entry {
  /** The total over all replicas at the last sync (this replica's synced requests included). */
  shared: number
  /** Sent to the store by the sync in progress. */
  inFlight: number
  /** Admitted here since. */
  pending: number
  max: number
}

export function createSharedRateLimit(options: RateLimitOptions): SharedRateLimit {
  let windowStartMs = -Infinity
  let windowEndMs = -Infinity
  let entries = new Map<string, Entry>()
  /** The minute before: each key's total as last known. */
  let previous = new Map<string, number>()
  let forgetOlder = false
  let syncing: Promise<void> | null = null

  function startWindow(nowMs: number): void {
    const startMs = Math.floor(nowMs / options.windowMs) * options.windowMs
    previous = new Map()
    if (startMs === windowEndMs) for (const [key, entry] of entries) previous.set(key, entry.shared + entry.inFlight + entry.pending)
    windowStartMs = startMs
    windowEndMs = startMs + options.windowMs
    entries = new Map()
    forgetOlder = true
  }

  /** How long until current + previous × (share of the last minute still in the window) ≤ max − 1. */
  function retryAfterMs(current: number, before: number, max: number, nowMs: number): number {
    const W = options.windowMs
    if (current >= max) return windowEndMs - nowMs + (current > 0 ? W - ((max - 1) * W) / current : 0)
    return before > 0 ? Math.max(0, windowEndMs - ((max - 1 - current) * W) / before - nowMs) : 0
  }

  async function syncOnce(): Promise<void> {
    const map = entries
    const startMs = windowStartMs
    const sent = new Map<string, number>()
    const watched: string[] = []
    for (const [key, entry] of map) {
      if (entry.pending > 0) {
        sent.set(key, entry.pending)
        entry.inFlight = entry.pending
        entry.pending = 0
      } else if (2 * (entry.shared + (previous.get(key) ?? 0)) >= entry.max) watched.push(key) // near its limit: other replicas' requests matter
    }
    try {
      if (forgetOlder && Number.isFinite(startMs)) {
        forgetOlder = false
        await options.store.forgetBefore(startMs - options.windowMs)
      }
      if (sent.size === 0 && watched.length === 0) return
      const totals = await options.store.add(startMs, sent, watched)
      for (const [key, total] of totals) {
        const entry = map.get(key)
        if (!entry) continue
        entry.shared = Math.max(total, entry.shared)
        entry.inFlight = 0
      }
    } catch (err) {
      for (const [key, count] of sent) {
        const entry = map.get(key)!
        if (entry.inFlight === count) {
          entry.inFlight = 0
          entry.pending += count // sent again next time
        }
      }
      options.onSyncError(err)
    }
  }

  const timer = setInterval(() => void sharedLimit.sync(), options.syncEveryMs)
  timer.unref()

  const sharedLimit: SharedRateLimit = {
    hit(key, max) {
      const nowMs = options.now()
      if (nowMs >= windowEndMs || nowMs < windowStartMs) startWindow(nowMs)
      let entry = entries.get(key)
      if (!entry) {
        if (entries.size >= options.maxKeys) return { allowed: true, count: 0, retryAfterMs: 0 }
        entry = { shared: 0, inFlight: 0, pending: 0, max }
        entries.set(key, entry)
      }
      entry.max = max
      const current = entry.shared + entry.inFlight + entry.pending
      const before = previous.get(key) ?? 0
      const count = current + (before * (windowEndMs - nowMs)) / options.windowMs
      if (count > max - 1) return { allowed: false, count, retryAfterMs: Math.max(1, retryAfterMs(current, before, max, nowMs)) }
      entry.pending += 1
      return { allowed: true, count: count + 1, retryAfterMs: 0 }
    },
    sync() {
      syncing ??= syncOnce().finally(() => { syncing = null })
      return syncing
    },
    close() {
      clearInterval(timer)
    },
  }
  return sharedLimit
}
