/**
 * The api's clock, in the browser: the local clock plus an offset learnt from GET /api/v1/time. Every countdown,
 * "last ping" age, history window and "now" sent to the api is read from here, never from Date.now() alone:
 * - a rider's phone whose clock is wrong (minutes off, or a wrong zone set by hand) still shows "in 3 min" right,
 *   since arrivals are instants on the server's clock;
 * - the `npm start` demo runs the whole stack on a demo clock hours away from real time (at night it replays the
 *   morning), and the dashboard has to live in that same time.
 * Without a reading (an api too old to answer, no network) the offset stays 0: the browser's clock.
 */
export class ServerClock {
  #offsetMs = 0
  readonly #localNow: () => number

  constructor(localNow: () => number = Date.now) {
    this.#localNow = localNow
  }

  /** The server's time now (epoch ms). */
  now(): number {
    return this.#localNow() + this.#offsetMs
  }

  /** Server clock minus browser clock. */
  get offsetMs(): number {
    return this.#offsetMs
  }

  /**
   * Takes a reading of the server's clock, asked at `sentAtMs` and answered at `receivedAtMs` (browser clock): the
   * server read its clock about halfway through the round trip.
   */
  adopt(serverTimeMs: number, sentAtMs: number, receivedAtMs: number): void {
    if (!Number.isFinite(serverTimeMs) || receivedAtMs < sentAtMs) return
    this.#offsetMs = Math.round(serverTimeMs - (sentAtMs + receivedAtMs) / 2)
  }

  /** Asks the server its time (`readServerTimeMs` does the request) and adopts it; false when it could not. */
  async sync(readServerTimeMs: () => Promise<number>): Promise<boolean> {
    const sentAtMs = this.#localNow()
    try {
      const serverTimeMs = await readServerTimeMs()
      this.adopt(serverTimeMs, sentAtMs, this.#localNow())
      return true
    } catch {
      return false
    }
  }
}

/** The dashboard's one server clock (synced by main.ts before the app mounts, and every few minutes). */
export const serverClock = new ServerClock()

/** The server's time now (epoch ms): what components use in place of Date.now(). */
export const serverNow = (): number => serverClock.now()

/** GET /api/v1/time on this origin. */
export async function fetchServerTimeMs(fetchFn: typeof fetch = fetch): Promise<number> {
  const response = await fetchFn('/api/v1/time', { headers: { accept: 'application/json' }, cache: 'no-store' })
  if (!response.ok) throw new Error(`GET /api/v1/time answered ${response.status}`)
  const { serverTimeMs } = (await response.json()) as { serverTimeMs?: unknown }
  if (typeof serverTimeMs !== 'number') throw new Error('GET /api/v1/time gave no serverTimeMs')
  return serverTimeMs
}
