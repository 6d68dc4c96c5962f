import type { DispatcherLiveMessage } from '@masar/model/api/live'
import { applyLiveMessages, countByHealth, emptyFleet, toFeatureCollection, type FleetSnapshot } from './fleet-snapshot.js'
import { isDispatcherMessage } from './parse-live-message.js'
import { ReconnectingSocket, type LiveStatus, type SocketLike } from './reconnecting-socket.js'

export interface LiveFleetDeps {
  /** ws(s)://…/api/v1/live, with its filters. */
  url: string
  /** Opens the socket; the dispatcher's token goes with it as a subprotocol (liveProtocolsOf). */
  open: (url: string) => SocketLike
  /** The dispatcher's token was revoked or expired while the stream was open (signed out elsewhere, disabled). */
  onRevoked?: () => void
  /** How long messages are gathered before the snapshot (and so the map and table) is replaced. */
  batchMs?: number
}

/**
 * The whole fleet, live: a snapshot on connect, then each vehicle's new state and health changes. Messages arriving
 * together are applied as one batch (at most every `batchMs`), so 200 buses reporting every few seconds replace
 * the snapshot a few times a second, not 200 times.
 */
export class LiveFleet {
  status = $state<LiveStatus>('connecting')
  snapshot = $state.raw<FleetSnapshot>(emptyFleet())
  readonly vehicles = $derived([...this.snapshot.vehicles.values()])
  readonly buses = $derived(toFeatureCollection(this.snapshot))
  readonly counts = $derived(countByHealth(this.snapshot))

  readonly #socket: ReconnectingSocket
  readonly #batchMs: number
  #pending: DispatcherLiveMessage[] = []
  #flushTimer: ReturnType<typeof setTimeout> | null = null

  constructor(deps: LiveFleetDeps) {
    this.#batchMs = deps.batchMs ?? 250
    this.#socket = new ReconnectingSocket({
      url: deps.url,
      open: deps.open,
      onStatus: (status) => (this.status = status),
      onRevoked: deps.onRevoked,
      // The stream opened with the dispatcher's token sends the dispatcher's view; a rider's message is not ours.
      onMessage: (message) => {
        if (isDispatcherMessage(message)) this.#receive(message)
      },
    })
  }

  /** Connects; the returned function disconnects (an effect's cleanup). */
  start(): () => void {
    this.#socket.start()
    return () => this.stop()
  }

  stop(): void {
    this.#socket.stop()
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer)
    this.#flushTimer = null
    this.#pending = []
  }

  #receive(message: DispatcherLiveMessage): void {
    this.#pending.push(message)
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#batchMs)
  }

  #flush(): void {
    this.#flushTimer = null
    const batch = this.#pending
    this.#pending = []
    this.snapshot = applyLiveMessages(this.snapshot, batch)
  }
}
