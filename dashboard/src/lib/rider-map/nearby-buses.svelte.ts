import type { RiderLiveMessage } from '@masar/model/api/live'
import { ReconnectingSocket, type LiveStatus, type SocketLike } from '../live/reconnecting-socket.js'
import { applyRiderMessages, riderBusesGeoJson, type RiderBuses } from './rider-buses.js'

export interface NearbyBusesDeps {
  /** ws(s)://…/api/v1/live?bbox=…&lang=… (liveSocketUrl with liveBoxAround). */
  url: string
  open: (url: string) => SocketLike
  /** How long messages are gathered before the map's source is replaced. */
  batchMs?: number
}

/** The live buses around the rider: the stream's riders' view in a box around them, applied in batches. */
export class NearbyBuses {
  status = $state<LiveStatus>('connecting')
  buses = $state.raw<RiderBuses>(new Map())
  readonly geojson = $derived(riderBusesGeoJson(this.buses))

  readonly #socket: ReconnectingSocket
  readonly #batchMs: number
  #pending: RiderLiveMessage[] = []
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(deps: NearbyBusesDeps) {
    this.#batchMs = deps.batchMs ?? 500
    this.#socket = new ReconnectingSocket({
      url: deps.url,
      open: deps.open,
      onStatus: (status) => (this.status = status),
      onMessage: (message) => {
        // a socket without a token gets the riders' view (RiderVehicle); arrivals are not asked for
        if (message.type === 'arrivals') return
        this.#pending.push(message as RiderLiveMessage)
        this.#timer ??= setTimeout(() => this.#flush(), this.#batchMs)
      },
    })
  }

  /** Connects; the returned function disconnects (an effect's cleanup). */
  start(): () => void {
    this.#socket.start()
    return () => {
      this.#socket.stop()
      if (this.#timer !== null) clearTimeout(this.#timer)
      this.#timer = null
      this.#pending = []
    }
  }

  #flush(): void {
    this.#timer = null
    const batch = this.#pending
    this.#pending = []
    this.buses = applyRiderMessages(this.buses, batch)
  }
}
