import pg from 'pg'
import { activeFeedId } from '../import/feeds.repository.js'
import { createActivationCheck, type ActivationCheck, type WatchLogger } from './activation-check.js'

/** The channel migration 0013 announces every activation on (payload: the feed id). */
export const FEED_ACTIVATED_CHANNEL = 'masar_gtfs_activated'
/** The listening connection's application_name, so an operator can find it in pg_stat_activity. */
export const WATCH_APPLICATION_NAME = 'masar-active-feed-watch'

export type ActiveFeedSource =
  /**
   * A PostgreSQL server: LISTEN on a connection of the watcher's own (not a pooled one, which goes back to the pool,
   * nor through a transaction-pooling proxy, which forgets LISTEN), re-made after a loss.
   */
  | { kind: 'listen'; connectionString: string }
  /**
   * The embedded database: its socket hands a NOTIFY only to the connection that sent it (measured with
   * pglite-socket 0.0.21), and the process shares one connection anyway, so read active_feed through that pool.
   */
  | { kind: 'poll'; pool: pg.Pool }

export interface WatchActiveFeedOptions {
  source: ActiveFeedSource
  /** The feed the caller has loaded (null: none). Any other active feed is reported, also one found at the start. */
  knownFeedId: number | null
  /** Called with each newly active feed, one call at a time; when it throws, the next check calls it again. */
  onActivated(feedId: number): Promise<void> | void
  /** poll: how often active_feed is read (default 5 s). listen: how often it is re-read on the listening connection, which also finds a dead one (default 60 s). */
  checkIntervalMs?: number
  /** Wait before reconnecting, doubled after each failure up to 30 s (default 1 s). */
  reconnectDelayMs?: number
  log?: WatchLogger
}

export interface ActiveFeedWatcher {
  /** Settles after the first successful check (the source answered and any change was reported), or at close. */
  readonly ready: Promise<void>
  close(): Promise<void>
}

const MAX_RECONNECT_DELAY_MS = 30_000
const SILENT: WatchLogger = { info: () => {}, warn: () => {} }

/**
 * Follows the active GTFS feed: calls onActivated(feedId) when another feed becomes active, e.g. after
 * `gtfs:activate` or an import, so the realtime engine can switch schedules without a restart. On a server it
 * listens for the activation NOTIFY; after a lost connection it reconnects and reads the active feed again, so an
 * activation while it was away is not missed. On the embedded database it polls. One interface either way.
 */
export function watchActiveFeed(options: WatchActiveFeedOptions): ActiveFeedWatcher {
  const log = options.log ?? SILENT
  if (options.source.kind === 'poll') return pollActiveFeed(options.source.pool, options, log)
  return listenForActivations(options.source.connectionString, options, log)
}

function pollActiveFeed(pool: pg.Pool, options: WatchActiveFeedOptions, log: WatchLogger): ActiveFeedWatcher {
  const check = createActivationCheck({ read: () => activeFeedId(pool), knownFeedId: options.knownFeedId, onActivated: options.onActivated, log })
  void check.request()
  const timer = setInterval(() => void check.request(), options.checkIntervalMs ?? 5_000)
  return {
    ready: check.firstSuccess,
    async close() {
      clearInterval(timer)
      await check.close()
    },
  }
}

function listenForActivations(connectionString: string, options: WatchActiveFeedOptions, log: WatchLogger): ActiveFeedWatcher {
  let client: pg.Client | null = null
  let closed = false
  let wake: () => void = () => {}
  const check: ActivationCheck = createActivationCheck({
    read: async () => (client ? activeFeedId(client) : Promise.reject(new Error('not connected'))),
    knownFeedId: options.knownFeedId, onActivated: options.onActivated, log,
  })

  /** One connection's life: connect, LISTEN, read the active feed, then re-check on notifications until it is lost. */
  async function listenOnce(): Promise<void> {
    const connection = new pg.Client({ connectionString, application_name: WATCH_APPLICATION_NAME, keepAlive: true, connectionTimeoutMillis: 10_000 })
    const lost = new Promise<unknown>((resolve) => {
      connection.on('error', resolve)
      connection.on('end', () => resolve(new Error('connection ended')))
      wake = () => resolve(null)
    })
    let timer: NodeJS.Timeout | undefined
    try {
      await connection.connect()
      connection.on('notification', (message) => {
        if (message.channel === FEED_ACTIVATED_CHANNEL) void check.request()
      })
      await connection.query(`LISTEN ${FEED_ACTIVATED_CHANNEL}`)
      client = connection
      await check.request() // after LISTEN: whatever was activated before (or while disconnected) is seen now
      timer = setInterval(() => void check.request(), options.checkIntervalMs ?? 60_000)
      const reason = await lost
      if (reason && !closed) throw reason
    } finally {
      clearInterval(timer)
      client = null
      await connection.end().catch(() => {})
    }
  }

  async function run(): Promise<void> {
    let delayMs = options.reconnectDelayMs ?? 1_000
    while (!closed) {
      const startedMs = Date.now()
      try {
        await listenOnce()
      } catch (err) {
        if (closed) break
        if (Date.now() - startedMs > MAX_RECONNECT_DELAY_MS) delayMs = options.reconnectDelayMs ?? 1_000
        log.warn({ err, retryInMs: delayMs }, 'active feed watch lost its connection; reconnecting')
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs)
          wake = () => { clearTimeout(timer); resolve() }
        })
        delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS)
      }
    }
  }

  const running = run()
  return {
    ready: check.firstSuccess,
    async close() {
      closed = true
      wake()
      await running
      await check.close()
    },
  }
}
