import type { ApiClient } from '../api/api-client.js'
import type { Arrival } from '@masar/model/api/arrival'
import type { LiveMessage } from '@masar/model/api/live'
import type { Stop, StopAlert } from '@masar/model/api/stops'
import type { Lang } from '../i18n/translate.js'
import { loadLastArrivals, saveLastArrivals } from '../offline/last-arrivals.js'
import { ReconnectingSocket, type LiveStatus, type SocketLike } from '../live/reconnecting-socket.js'
import { arrivalsAfterMessage, groupByRoute, upcoming } from './arrivals.js'

export interface StopArrivalsDeps {
  api: ApiClient
  stopId: string
  lang: Lang
  /** Arrivals shown per route. */
  perRoute: number
  /** ws(s)://…/api/v1/live?stops=<stopId>… */
  liveUrl: string
  open: (url: string) => SocketLike
  now?: () => number
  /** The phone's own clock (Date.now by default): offline, the kept arrivals are counted on from it. */
  localNow?: () => number
  /** Where the last arrivals seen are kept for offline use (localStorage); none: nothing kept. */
  storage?: Storage | null
}

/** Without the live stream, the arrivals are fetched again this often; with it, only for the alerts. */
const POLL_OFFLINE_MS = 30_000
const POLL_LIVE_MS = 120_000

/**
 * One stop's next arrivals: fetched once, then replaced by the live stream's `arrivals` messages (every 15 s) and
 * counted down every second on the server's clock (the offset to ours is taken from the api's `at`).
 */
export class StopArrivals {
  readonly #deps: StopArrivalsDeps
  stop = $state.raw<Stop | null>(null)
  alerts = $state.raw<readonly StopAlert[]>([])
  arrivals = $state.raw<readonly Arrival[]>([])
  error = $state.raw<unknown>(null)
  loading = $state(true)
  status = $state<LiveStatus>('connecting')
  /** The server's time now, as best we know it; ticks every second. */
  nowMs = $state(0)
  updatedAtMs = $state<number | null>(null)
  /** Set while the arrivals shown are the ones kept on the phone (the api unreachable): when they were seen. */
  offlineSeenAtMs = $state<number | null>(null)
  readonly groups = $derived.by(() => groupByRoute(upcoming(this.arrivals, this.nowMs), this.#deps.perRoute))

  readonly #socket: ReconnectingSocket
  readonly #now: () => number
  #skewMs = 0
  #loadedAtMs = 0
  #liveSeen = false
  #abort: AbortController | null = null

  constructor(deps: StopArrivalsDeps) {
    this.#deps = deps
    this.#now = deps.now ?? Date.now
    this.nowMs = this.#now()
    this.#socket = new ReconnectingSocket({
      url: deps.liveUrl,
      open: deps.open,
      onStatus: (status) => (this.status = status),
      onMessage: (message) => this.#receive(message),
    })
  }

  /** Loads, listens and ticks; the returned function stops all three (an effect's cleanup). */
  start(): () => void {
    void this.load()
    this.#socket.start()
    const ticker = setInterval(() => this.#tick(), 1000)
    return () => {
      clearInterval(ticker)
      this.#socket.stop()
      this.#abort?.abort()
    }
  }

  async load(): Promise<void> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.#loadedAtMs = this.#now()
    try {
      const response = await this.#deps.api.stopArrivals(this.#deps.stopId, { lang: this.#deps.lang, limit: this.#deps.perRoute, signal: abort.signal })
      const serverMs = Date.parse(response.at)
      if (Number.isFinite(serverMs)) this.#skewMs = serverMs - this.#now()
      this.stop = response.stop
      this.alerts = response.alerts
      if (!this.#liveSeen || this.status !== 'live') {
        this.arrivals = response.arrivals
        this.updatedAtMs = this.#serverNow()
      }
      this.error = null
      this.offlineSeenAtMs = null
      this.#keep()
    } catch (err) {
      if (abort.signal.aborted) return
      this.error = err
      this.#useKeptCopy()
    } finally {
      if (!abort.signal.aborted) this.loading = false
    }
    this.nowMs = this.#serverNow()
  }

  #serverNow(): number {
    return this.#now() + this.#skewMs
  }

  #receive(message: LiveMessage): void {
    if (message.type !== 'arrivals' || message.stopId !== this.#deps.stopId) return
    this.#liveSeen = true
    this.arrivals = arrivalsAfterMessage(this.#deps.stopId, this.arrivals, message)
    this.updatedAtMs = this.#serverNow()
    this.offlineSeenAtMs = null
    this.#keep()
  }

  #keep(): void {
    saveLastArrivals(this.#deps.storage ?? null, this.#deps.stopId, { stop: this.stop, arrivals: this.arrivals, seenAtMs: this.#serverNow(), seenAtLocalMs: this.#localNow() })
  }

  /** Unreachable api: the arrivals last seen here, if none are shown yet, flagged with their age (never as live). */
  #useKeptCopy(): void {
    if (this.offlineSeenAtMs !== null || this.updatedAtMs !== null) return
    const kept = loadLastArrivals(this.#deps.storage ?? null, this.#deps.stopId)
    if (!kept) return
    this.stop = kept.stop
    this.arrivals = kept.arrivals
    this.offlineSeenAtMs = kept.seenAtMs
    // the server's clock as it was then, run on by the phone's: so the countdowns and the copy's age hold offline
    this.#skewMs = kept.seenAtMs - kept.seenAtLocalMs + this.#localNow() - this.#now()
    this.nowMs = this.#serverNow()
  }

  #localNow(): number {
    return (this.#deps.localNow ?? Date.now)()
  }

  #tick(): void {
    this.nowMs = this.#serverNow()
    const sinceLoadMs = this.#now() - this.#loadedAtMs
    if (sinceLoadMs >= (this.status === 'live' ? POLL_LIVE_MS : POLL_OFFLINE_MS)) void this.load()
  }
}
