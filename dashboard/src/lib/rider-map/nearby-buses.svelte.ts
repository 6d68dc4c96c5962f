import type { RiderLiveMessage } from '@masar/model/api/live'
import { ReconnectingSocket, type LiveStatus, type SocketLike } from '../live/reconnecting-socket.js'
import { applyArrivals, applyRiderMessages, busesOfRoutes, riderBusesGeoJson, servingRoutes, type RiderBuses, type RoutesByStop } from './rider-buses.js'

export interface NearbyBusesDeps {
  /** ws(s)://…/api/v1/live?bbox=…&stops=…&lang=… (liveSocketUrl with liveBoxAround and the nearby stops). */
  url: string
  open: (url: string) => SocketLike
  /** How long messages are gathered before the map's source is replaced. */
  batchMs?: number
}

/**
 * The live buses of the routes serving the stops around the rider: the stream's riders' view in a box around them,
 * kept to the routes its arrivals at those stops name (all buses in the box until it has named them).
 */
export class NearbyBuses {
  status = $state<LiveStatus>('connecting')
  #all = $state.raw<RiderBuses>(new Map())
  #routesByStop = $state.raw<RoutesByStop>(new Map())
  readonly buses = $derived(busesOfRoutes(this.#all, servingRoutes(this.#routesByStop)))
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
        // a socket without a token gets the riders' view (RiderVehicle)
        if (message.type === 'arrivals') this.#routesByStop = applyArrivals(this.#routesByStop, message)
        else this.#pending.push(message as RiderLiveMessage)
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
    this.#all = applyRiderMessages(this.#all, batch)
  }
}
