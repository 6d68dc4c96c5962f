import websocket from '@fastify/websocket'
import type { FastifyPluginAsync, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { WebSocket } from 'ws'
import type { FleetState, VehicleHealth } from '../fleet/fleet-state.js'
import type { ApiMetrics } from '../metrics.js'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { Arrival } from '../predictions/arrivals-at-stop.js'
import type { Auth } from '../auth/auth.js'
import { ApiError } from '../http/api-errors.js'
import { LIVE_PROTOCOL, LIVE_REVOKED_CLOSE_CODE, LiveQuery, type LiveMessage } from '@masar/model/api/live'
import { startHeartbeat } from './heartbeat.js'
import { DEFAULT_LIVE_LIMITS, LiveSlots, type LiveLimits } from './live-limits.js'
import { createLiveViews, type FilterFields, type LiveAudience } from './live-views.js'

/**
 * WebSocket /api/v1/live: a snapshot of the fleet on connect, then each vehicle's new state as its fix arrives,
 * and every few seconds the vehicles whose health changed with time alone (fresh → stale → offline). Filter by
 * route (`?route=R1`) and by a box (`?bbox=minLon,minLat,maxLon,maxLat`). Messages are JSON:
 * `{ type: 'snapshot', vehicles }`, `{ type: 'vehicle', vehicle }`, `{ type: 'health', vehicles: [{ vehicleId, health }] }`.
 * With `?stops=S1,S2` (up to 20), the next arrivals at those stops on connect and every 15 s:
 * `{ type: 'arrivals', stopId, arrivals }` (as /api/v1/stops/:id/arrivals gives them).
 *
 * Who sees what: anyone the riders' view of each vehicle (RiderVehicle), a dispatcher or admin who offers a valid
 * token (the `masar.bearer.<token>` subprotocol, or Authorization: Bearer) the dispatcher's (VehicleView); an
 * invalid or expired token is refused (401) before the handshake. What it holds: slots per client address and in
 * all (over either: 429 or 503 before the handshake), a ping every LIVE_PING_INTERVAL_MS (no pong within
 * LIVE_PONG_TIMEOUT_MS: dropped), and a client more than LIVE_MAX_BUFFERED_KIB behind is dropped.
 */
interface LiveFilter {
  route?: string
  box?: [number, number, number, number]
}

const HEALTH_CHECK_MS = 5000
const ARRIVALS_EVERY_MS = 15_000
/** What a client may send (nothing is read from it: pongs and a close are all it needs to send). */
const MAX_PAYLOAD_BYTES = 4096

function passes(filter: LiveFilter, fields: FilterFields): boolean {
  if (filter.route && fields.routeId !== filter.route) return false
  if (filter.box) {
    const [minLon, minLat, maxLon, maxLat] = filter.box
    if (fields.lon < minLon || fields.lon > maxLon || fields.lat < minLat || fields.lat > maxLat) return false
  }
  return true
}

export interface LiveOptions {
  fleet: FleetState
  now: () => number
  metrics: ApiMetrics
  auth: Auth
  schedule: () => Schedule | null
  arrivalsOf: (stopId: string, nowMs: number, horizonMs: number, lang?: string) => Arrival[]
  limits?: LiveLimits
}

declare module 'fastify' {
  interface FastifyRequest {
    liveAudience?: LiveAudience
  }
}

export const livePlugin: FastifyPluginAsync<LiveOptions> = async (app, options) => {
  const { fleet, now, metrics, auth, schedule: scheduleNow, arrivalsOf } = options
  const limits = options.limits ?? DEFAULT_LIVE_LIMITS
  const slots = new LiveSlots(limits)
  const views = createLiveViews(fleet, scheduleNow)
  // No compression (a zlib context per socket costs more memory than the stream saves); the stream's own
  // subprotocol answered, never a bearer entry (its token is not echoed back).
  await app.register(websocket, {
    options: { maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false, handleProtocols: (offered) => (offered.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false) },
  })

  /** A slot before the handshake, given back when the connection closes; over a cap, refused with its reason. */
  const takeSlot: onRequestHookHandler = (request, reply, done) => {
    if (!request.ws) return done()
    const slot = slots.take(request.ip)
    if ('refused' in slot) {
      metrics.liveRefused.inc({ reason: slot.refused })
      request.log.warn({ ip: request.ip, reason: slot.refused, clients: slots.total }, 'live stream refused: over its cap')
      reply.header('retry-after', '30')
      return done(slot.refused === 'address'
        ? new ApiError('API_LIVE_ADDRESS_LIMIT', `more than ${limits.maxClientsPerAddress} live streams open from this address: close one first`)
        : new ApiError('API_LIVE_FULL', 'this server holds as many live streams as it may: try again in a while'))
    }
    request.raw.socket.once('close', slot.release)
    done()
  }
  const identify = async (request: FastifyRequest<{ Querystring: LiveQuery }>) => {
    request.liveAudience = (await auth.accountOf(request)) ? { kind: 'dispatcher' } : { kind: 'rider', lang: request.query.lang }
  }

  app.get<{ Querystring: LiveQuery }>('/api/v1/live', {
    websocket: true, onRequest: takeSlot, preHandler: identify,
    schema: { tags: ['fleet'], operationId: 'openLiveStream', summary: 'WebSocket: a snapshot, then each vehicle as it moves', querystring: LiveQuery },
  }, (socket: WebSocket, request) => {
    const audience = request.liveAudience ?? { kind: 'rider', lang: request.query.lang }
    const box = request.query.bbox?.split(',').map(Number) as LiveFilter['box'] | undefined
    const filter: LiveFilter = { route: request.query.route, box }
    const drop = (reason: 'send_buffer' | 'pong_timeout' | 'revoked') => {
      metrics.liveDropped.inc({ reason })
      request.log.info({ ip: request.ip, reason }, 'live client dropped')
    }
    const send = (message: LiveMessage | string) => {
      if (socket.readyState !== socket.OPEN) return
      // Too far behind: ended at once (a close frame would wait behind what it has not read), its queue freed.
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        drop('send_buffer')
        return socket.terminate()
      }
      socket.send(typeof message === 'string' ? message : JSON.stringify(message))
    }
    metrics.liveClients.inc()
    const stopHeartbeat = startHeartbeat(socket, { intervalMs: limits.pingIntervalMs, timeoutMs: limits.pongTimeoutMs, onTimeout: () => drop('pong_timeout') })
    // A dispatcher's stream is authorised again at each heartbeat, as every HTTP request is: a token signed out,
    // re-passworded, of a disabled account or a changed role, or expired, ends it (close 4401); a database that is
    // away does not (auth goes by what it last read).
    const reauthorise = audience.kind === 'dispatcher' ? setInterval(() => {
      auth.accountOf(request).then(
        (account) => (account ? undefined : Promise.reject(new ApiError('API_UNAUTHENTICATED', 'no token'))),
      ).catch((err: unknown) => {
        if (!(err instanceof ApiError) || err.code !== 'API_UNAUTHENTICATED' || socket.readyState !== socket.OPEN) return
        drop('revoked')
        socket.close(LIVE_REVOKED_CLOSE_CODE, 'the token was revoked or expired: sign in again')
      })
    }, limits.pingIntervalMs) : null
    const healthSent = new Map<string, VehicleHealth>()
    const nowMs = now()
    const snapshot = [...fleet.all()].map((v) => views.now(v, nowMs, audience)).filter((v) => passes(filter, v.filter))
    for (const v of snapshot) healthSent.set(v.vehicleId, v.health)
    send(`{"type":"snapshot","vehicles":[${snapshot.map((v) => JSON.stringify(v.view)).join(',')}]}`)
    const unsubscribe = fleet.onChange((vehicle) => {
      const viewed = views.changed(vehicle, now(), audience)
      if (!passes(filter, viewed.filter) && !healthSent.has(vehicle.vehicleId)) return
      healthSent.set(viewed.vehicleId, viewed.health)
      send(viewed.json)
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
      stopHeartbeat()
      clearInterval(healthTimer)
      if (reauthorise) clearInterval(reauthorise)
    })
  })
}
