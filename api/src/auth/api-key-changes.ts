import { listenWithReconnect } from '@masar/platform/db/listen-with-reconnect'
import type pg from 'pg'

/** The channel migration 0014 announces every change to api_keys on. */
export const API_KEYS_CHANGED_CHANNEL = 'masar_api_keys_changed'
/** The listening connection's application_name, so an operator can find it in pg_stat_activity. */
export const API_KEYS_LISTEN_APPLICATION_NAME = 'masar-api-keys-watch'

export type ApiKeyChangeSource =
  /** A PostgreSQL server: LISTEN on a connection of its own (not a pooled one), re-made after a loss. */
  | { kind: 'listen'; connectionString: string }
  /**
   * The embedded database hands a NOTIFY only to the connection that sent it, and the process shares one
   * connection anyway: read the keys again every `everyMs` there (a handful of rows, one process).
   */
  | { kind: 'poll'; everyMs: number }

export interface ApiKeyChangesOptions {
  source: ApiKeyChangeSource
  /** Reads the keys again (auth.reloadApiKeys). */
  reload(): Promise<void>
  /** Read them again this often whatever is heard: a missed notification costs at most this long. */
  reloadEveryMs: number
  /** Wait before reconnecting, doubled after each failure up to 30 s (default 1 s). */
  reconnectDelayMs?: number
  log: { warn(details: object, message: string): void }
}

export interface ApiKeyChanges {
  /** Settles once listening (or at once when polling): a change from then on is heard. */
  readonly ready: Promise<void>
  close(): Promise<void>
}

/**
 * Keeps this replica's API keys (held in memory, so checking one costs no query) as the database has them: a key
 * revoked or made through any replica is reloaded here when the NOTIFY of migration 0014 arrives, at once, and
 * after a lost connection on reconnecting (a change meanwhile was not heard); and every `reloadEveryMs` anyway.
 * Reloads never overlap: a change heard during one makes one more after it.
 */
export function followApiKeyChanges(options: ApiKeyChangesOptions): ApiKeyChanges {
  let closed = false
  let running: Promise<void> | null = null
  let again = false
  const reload = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await options.reload().catch((err: unknown) => options.log.warn({ err }, 'could not reload the API keys'))
      } while (again && !closed)
    })().finally(() => { running = null })
    return running
  }
  const everyMs = options.source.kind === 'poll' ? Math.min(options.source.everyMs, options.reloadEveryMs) : options.reloadEveryMs
  const timer = setInterval(() => void reload(), everyMs)
  timer.unref()
  if (options.source.kind === 'poll') {
    return {
      ready: Promise.resolve(),
      async close() {
        closed = true
        clearInterval(timer)
        await running
      },
    }
  }

  let listening: () => void = () => {}
  const ready = new Promise<void>((resolve) => { listening = resolve })
  const listener = listenWithReconnect({
    connectionString: options.source.connectionString, channel: API_KEYS_CHANGED_CHANNEL, applicationName: API_KEYS_LISTEN_APPLICATION_NAME,
    onNotification: () => void reload(),
    // what changed while not listening
    onListening: async () => {
      await reload()
      listening()
    },
    reconnectDelayMs: options.reconnectDelayMs, log: options.log,
    lostMessage: 'the API key watch lost its database connection; reconnecting (keys are still reloaded periodically)',
  })
  return {
    ready,
    async close() {
      closed = true
      clearInterval(timer)
      await listener.close()
      await running
      listening()
    },
  }
}

/** The embedded database (PGlite, built with Emscripten): NOTIFY does not reach other connections there. */
export async function isEmbeddedDatabase(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ version: string }>('SELECT version()')
  return /emscripten/i.test(rows[0]?.version ?? '')
}
