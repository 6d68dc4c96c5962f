import websocket from '@fastify/websocket'
import type { FastifyPluginAsync } from 'fastify'
import type { WebSocket } from 'ws'
import type { FleetState, VehicleHealth, VehicleState } from '../fleet/fleet-state.js'
import { viewOf, type VehicleView } from '../fleet/vehicle-view.js'
import type { ApiMetrics } from '../metrics.js'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { Arrival } from '../predictions/arrivals-at-stop.js'
import { LiveQuery, type LiveMessage } from '@masar/model/api/live'

/**
 * WebSocket /api/v1/live: a snapshot of the fleet on connect, then each vehicle's new state as its fix arrives,
 * and every few seconds the vehicles whose health changed with time alone (fresh → stale → offline). Filter by
 * route (`?route=R1`) and by a box (`?bbox=minLon,minLat,maxLon,maxLat`). Messages are JSON:
 * `{ type: 'snapshot', vehicles }`, `{ type: 'vehicle', vehicle }`, `{ type: 'health', vehicles: [{ vehicleId, health }] }`.
 * With `?stops=S1,S2` (up to 20), the next arrivals at those stops on connect and every 15 s:
 * `{ type: 'arrivals', stopId, arrivals }` (as /api/v1/stops/:id/arrivals gives them).
 */
interface LiveFilter {
  route?: string
  box?: [number, number, number, number]
}


const HEALTH_CHECK_MS = 5000
const ARRIVALS_EVERY_MS = 15_000

/**
 * Each change is viewed and serialized once, whatever the number of clients: a vehicle's state object is replaced
 * on every fix, so it keys its message.
 */
const messages = new WeakMap<VehicleState, { view: VehicleView; json: string }>()
function messageOf(fleet: FleetState, vehicle: VehicleState, nowMs: number): { view: VehicleView; json: string } {
  let message = messages.get(vehicle)
  if (!message) {
    const view = viewOf(fleet, vehicle, nowMs)
    message = { view, json: JSON.stringify({ type: 'vehicle', vehicle: view } satisfies LiveMessage) }
    messages.set(vehicle, message)
  }
  return message
}
/** A client this far behind (bytes queued) is dropped rather than let to eat the server's memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

function passes(filter: LiveFilter, view: Pick<VehicleView, 'routeId' | 'declaredRouteId' | 'lat' | 'lon'>): boolean {
  if (filter.route && (view.routeId ?? view.declaredRouteId) !== filter.route) return false
  if (filter.box) {
    const [minLon, minLat, maxLon, maxLat] = filter.box
    if (view.lon < minLon || view.lon > maxLon || view.lat < minLat || view.lat > maxLat) return false
  }
  return true
}

export interface LiveOptions {
  fleet: FleetState
  now: () => number
  metrics: ApiMetrics
  schedule: () => Schedule | null
  arrivalsOf: (stopId: string, nowMs: number, horizonMs: number, lang?: string) => Arrival[]
}

export const livePlugin: FastifyPluginAsync<LiveOptions> = async (app, { fleet, now, metrics, schedule: scheduleNow, arrivalsOf }) => {
  await app.register(websocket, { options: { maxPayload: 4096 } })
  app.get<{ Querystring: LiveQuery }>('/api/v1/live', { websocket: true, schema: { tags: ['fleet'], operationId: 'openLiveStream', summary: 'WebSocket: a snapshot, then each vehicle as it moves', querystring: LiveQuery } }, (socket: WebSocket, request) => {
    const box = request.query.bbox?.split(',').map(Number) as LiveFilter['box'] | undefined
    const filter: LiveFilter = { route: request.query.route, box }
    const send = (message: LiveMessage | string) => {
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'too far behind: reconnect for a fresh snapshot')
      socket.send(typeof message === 'string' ? message : JSON.stringify(message))
    }
    metrics.liveClients.inc()
    const healthSent = new Map<string, VehicleHealth>()
    const nowMs = now()
    const snapshot = [...fleet.all()].map((v) => viewOf(fleet, v, nowMs)).filter((v) => passes(filter, v))
    for (const v of snapshot) healthSent.set(v.vehicleId, v.health)
    send({ type: 'snapshot', vehicles: snapshot })
    const unsubscribe = fleet.onChange((vehicle) => {
      const { view, json } = messageOf(fleet, vehicle, now())
      if (!passes(filter, view) && !healthSent.has(vehicle.vehicleId)) return
      healthSent.set(view.vehicleId, view.health)
      send(json)
    })
    const healthTimer = setInterval(() => {
      const at = now()
      const changed: Array<{ vehicleId: string; health: VehicleHealth }> = []
      for (const [vehicleId, sent] of healthSent) {
        const vehicle = fleet.get(vehicleId)
        const health = vehicle ? fleet.healthOf(vehicle, at) : 'offline'
        if (health !== sent) {
          healthSent.set(vehicleId, health)
          changed.push({ vehicleId, health })
        }
      }
      if (changed.length) send({ type: 'health', vehicles: changed })
    }, HEALTH_CHECK_MS)
    const schedule = scheduleNow()
    const stops = schedule ? (request.query.stops?.split(',') ?? []).filter((id) => schedule.stops.has(id)) : []
    const sendArrivals = () => {
      for (const stopId of stops) send({ type: 'arrivals', stopId, arrivals: arrivalsOf(stopId, now(), 60 * 60_000, request.query.lang).slice(0, 10) })
    }
    sendArrivals()
    const arrivalsTimer = stops.length ? setInterval(sendArrivals, ARRIVALS_EVERY_MS) : null
    socket.on('close', () => {
      if (arrivalsTimer) clearInterval(arrivalsTimer)
      metrics.liveClients.dec()
      unsubscribe()
      clearInterval(healthTimer)
    })
  })
}
