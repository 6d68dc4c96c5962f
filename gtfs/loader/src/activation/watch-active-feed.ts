import { listenWithReconnect } from '@masar/platform/db/listen-with-reconnect'
import type pg from 'pg'
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
  const check: ActivationCheck = createActivationCheck({
    read: async () => (client ? activeFeedId(client) : Promise.reject(new Error('not connected'))),
    knownFeedId: options.knownFeedId, onActivated: options.onActivated, log,
  })
  const listener = listenWithReconnect({
    connectionString, channel: FEED_ACTIVATED_CHANNEL, applicationName: WATCH_APPLICATION_NAME,
    onNotification: () => void check.request(),
    onListening: async (connection) => {
      client = connection
      await check.request() // after LISTEN: whatever was activated before (or while disconnected) is seen now
      // re-read now and then on the listening connection, which also finds a dead one
      const timer = setInterval(() => void check.request(), options.checkIntervalMs ?? 60_000)
      return () => {
        clearInterval(timer)
        client = null
      }
    },
    reconnectDelayMs: options.reconnectDelayMs, log, lostMessage: 'active feed watch lost its connection; reconnecting',
  })
  return {
    ready: check.firstSuccess,
    async close() {
      await listener.close()
      await check.close()
    },
  }
}
