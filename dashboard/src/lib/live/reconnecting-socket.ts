import { LIVE_REVOKED_CLOSE_CODE } from '@masar/model/api/live-protocol'
import type { LiveMessage } from '@masar/model/api/live'
import { parseLiveMessage } from './parse-live-message.js'

/**
 * A WebSocket to the live stream that comes back after a drop (server restart, network change, a 1013 "too far
 * behind" close): the delay doubles from 1 s up to 30 s, with jitter so a restarted server is not hit by every
 * client in the same second, and resets once a connection opens. Every (re)connect starts with a fresh snapshot.
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

export interface SocketLike {
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  close(code?: number): void
}

export interface ReconnectingSocketDeps {
  url: string
  open: (url: string) => SocketLike
  onMessage: (message: LiveMessage) => void
  onStatus: (status: LiveStatus) => void
  /** The server ended the stream because its token stopped being valid (LIVE_REVOKED_CLOSE_CODE): no reconnect. */
  onRevoked?: () => void
  setTimeout?: (fn: () => void, ms: number) => unknown
  clearTimeout?: (handle: unknown) => void
  random?: () => number
}

export const FIRST_RETRY_MS = 1000
export const MAX_RETRY_MS = 30_000

/** The wait before reconnect attempt `attempt` (0 = the first retry), ±20 % jitter. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt))
  return Math.round(base * (0.8 + 0.4 * random()))
}

export class ReconnectingSocket {
  readonly #deps: ReconnectingSocketDeps
  #socket: SocketLike | null = null
  #retryTimer: unknown = null
  #attempt = 0
  #stopped = true
  #status: LiveStatus | null = null

  constructor(deps: ReconnectingSocketDeps) {
    this.#deps = deps
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#status = null
    this.#connect()
  }

  stop(): void {
    this.#stopped = true
    if (this.#retryTimer !== null) (this.#deps.clearTimeout ?? clearTimeout)(this.#retryTimer as ReturnType<typeof setTimeout>)
    this.#retryTimer = null
    const socket = this.#socket
    this.#socket = null
    if (socket) {
      socket.onclose = null
      socket.onmessage = null
      socket.close(1000)
    }
  }

  /** Tells only changes (a string of failed attempts is one 'reconnecting'). */
  #report(status: LiveStatus): void {
    if (status === this.#status) return
    this.#status = status
    this.#deps.onStatus(status)
  }

  #connect(): void {
    this.#retryTimer = null
    this.#report(this.#attempt === 0 ? 'connecting' : 'reconnecting')
    const socket = this.#deps.open(this.#deps.url)
    this.#socket = socket
    socket.onopen = () => {
      this.#attempt = 0
      this.#report('live')
    }
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return
      const message = parseLiveMessage(event.data)
      if (message) this.#deps.onMessage(message)
    }
    socket.onclose = (event) => {
      if (this.#stopped || this.#socket !== socket) return
      this.#socket = null
      if (event.code === LIVE_REVOKED_CLOSE_CODE) {
        this.#stopped = true
        return this.#deps.onRevoked?.()
      }
      this.#report('reconnecting')
      const delayMs = backoffDelayMs(this.#attempt, this.#deps.random)
      this.#attempt += 1
      this.#retryTimer = (this.#deps.setTimeout ?? setTimeout)(() => this.#connect(), delayMs)
    }
  }
}
