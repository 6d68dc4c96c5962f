import pg from 'pg'

export interface ListenOptions {
  connectionString: string
  /** The channel to LISTEN on (a plain identifier). */
  channel: string
  /** The listening connection's application_name, so an operator can find it in pg_stat_activity. */
  applicationName: string
  /** Each notification on the channel. */
  onNotification(payload: string | undefined): void
  /**
   * After LISTEN on each new connection: read what may have changed while nothing was listening. May return what to
   * undo when that connection is lost (e.g. a timer that uses it).
   */
  onListening(connection: pg.Client): Promise<(() => void) | void>
  /** Wait before reconnecting, doubled after each failure up to 30 s (default 1 s). */
  reconnectDelayMs?: number
  log: { warn(details: object, message: string): void }
  /** What the warning on a lost connection says (which watch, and what still works meanwhile). */
  lostMessage: string
}

export interface Listener {
  close(): Promise<void>
}

const MAX_RECONNECT_DELAY_MS = 30_000

/**
 * LISTEN on a connection of its own (not a pooled one, which goes back to the pool, nor through a transaction-pooling
 * proxy, which forgets LISTEN), re-made after a loss with a backoff, the delay reset after a connection that lasted.
 * NOTIFY reaches only the sessions connected when it is sent, so every new connection calls onListening after its
 * LISTEN to catch up. One loop for every watch on the database (API keys, the active feed).
 */
export function listenWithReconnect(options: ListenOptions): Listener {
  let closed = false
  let wake: () => void = () => {}

  /** One connection's life: connect, LISTEN, catch up, then until it is lost. */
  async function listenOnce(): Promise<void> {
    const connection = new pg.Client({ connectionString: options.connectionString, application_name: options.applicationName, keepAlive: true, connectionTimeoutMillis: 10_000 })
    const lost = new Promise<unknown>((resolve) => {
      connection.on('error', resolve)
      connection.on('end', () => resolve(new Error('connection ended')))
      wake = () => resolve(null)
    })
    let undo: (() => void) | void = undefined
    try {
      await connection.connect()
      connection.on('notification', (message) => {
        if (message.channel === options.channel) options.onNotification(message.payload)
      })
      await connection.query(`LISTEN ${options.channel}`)
      undo = await options.onListening(connection)
      const reason = await lost
      if (reason && !closed) throw reason
    } finally {
      undo?.()
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
        options.log.warn({ err, retryInMs: delayMs }, options.lostMessage)
        await new Promise<void>((resolve) => {
          const retry = setTimeout(resolve, delayMs)
          wake = () => { clearTimeout(retry); resolve() }
        })
        delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS)
      }
    }
  }

  const running = run()
  return {
    async close() {
      closed = true
      wake()
      await running
    },
  }
}
