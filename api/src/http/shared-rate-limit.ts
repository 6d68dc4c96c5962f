/**
 * Requests per client and fixed window (a minute), counted in memory on the hot path and shared by every api
 * replica through a store (PostgreSQL: rate-limit.repository.ts). `hit` is O(1) and does no I/O; every
 * `syncEveryMs` the replica adds the requests it admitted since the last sync to the store in one statement and
 * learns each client's total over all replicas.
 *
 * The approximation: a replica sees other replicas' requests up to one sync late. A client spread over N replicas
 * can therefore exceed its limit by what the other N − 1 replicas admit it within one sync interval (at most the
 * limit each, in the worst case of a burst faster than the sync; at a steady rate, rate × interval each). Windows
 * are fixed and aligned on the clock (every replica's minute is the same), so across a boundary a client may make
 * up to twice its limit in 60 s, as with any fixed-window limit. The counts of a window's last sync interval that
 * have not reached the store when the window ends are dropped (they no longer count anyway). When the store cannot
 * be reached, each replica goes on limiting on its own counts and adds them once it can.
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
  /** Requests of this key in the window as this replica knows them, this one included when allowed. */
  count: number
  /** When the window ends (epoch ms). */
  resetAtMs: number
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
  let forgetOlder = false
  let syncing: Promise<void> | null = null

  function startWindow(nowMs: number): void {
    windowStartMs = Math.floor(nowMs / options.windowMs) * options.windowMs
    windowEndMs = windowStartMs + options.windowMs
    entries = new Map()
    forgetOlder = true
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
      } else if (2 * entry.shared >= entry.max) watched.push(key) // near its limit: other replicas' requests matter
    }
    try {
      if (forgetOlder && Number.isFinite(startMs)) {
        forgetOlder = false
        await options.store.forgetBefore(startMs)
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
        if (entries.size >= options.maxKeys) return { allowed: true, count: 0, resetAtMs: windowEndMs }
        entry = { shared: 0, inFlight: 0, pending: 0, max }
        entries.set(key, entry)
      }
      entry.max = max
      const count = entry.shared + entry.inFlight + entry.pending
      if (count >= max) return { allowed: false, count, resetAtMs: windowEndMs }
      entry.pending += 1
      return { allowed: true, count: count + 1, resetAtMs: windowEndMs }
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
