import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { localDateOf, serviceDayOriginMs } from '@masar/model/gtfs/service-day'
import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import type { FleetState } from '../fleet/fleet-state.js'
import { ApiError } from '../http/api-errors.js'
import { onTimeByRoute } from './kpi.repository.js'
import { ghostTrips } from './ghost-trips.js'
import { fleetAdherenceNow } from './fleet-adherence-now.js'
import { routeHeadways } from './route-headways.js'
import { GhostTripsResponse, KpiResponse } from '@masar/model/api/fleet'
import { HeadwaysResponse } from '@masar/model/api/routes'
import { IdParams } from '@masar/model/api/stops'

/** For dispatchers: headways (bunching and gaps) of a route, and today's key figures. */
export interface DispatchOptions {
  pool: pg.Pool
  fleet: FleetState
  schedule: () => Schedule | null
  auth: Auth
  now: () => number
  pingsPerSecond: () => number
}

export const dispatchPlugin: FastifyPluginAsync<DispatchOptions> = async (app, options) => {
  const { fleet, now } = options
  const dispatcher = options.auth.requireRole('dispatcher', 'admin')
  app.get<{ Params: { id: string } }>('/api/v1/routes/:id/headways', {
    preHandler: dispatcher,
    schema: { tags: ['fleet'], operationId: 'getRouteHeadways', summary: 'Headways on a route now, per direction: bunching and gaps', params: IdParams(64), response: { 200: HeadwaysResponse } },
  }, async (request): Promise<HeadwaysResponse> => {
    const schedule = options.schedule()
    if (!schedule) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active: headways need the schedule')
    if (!schedule.routes.has(request.params.id)) throw new ApiError('API_ROUTE_NOT_FOUND', `no route "${request.params.id}" in the active feed`)
    return { routeId: request.params.id, at: new Date(now()).toISOString(), directions: routeHeadways(schedule, fleet, request.params.id, now()) }
  })

  app.get('/api/v1/kpi', { preHandler: dispatcher, schema: { tags: ['fleet'], operationId: 'getKpi', summary: 'Today: on-time share by route, pings/s, matched share, stale and offline vehicles', response: { 200: KpiResponse } } }, async (): Promise<KpiResponse> => {
    const nowMs = now()
    const counts = { fresh: 0, stale: 0, offline: 0, matched: 0 }
    for (const vehicle of fleet.all()) {
      const health = fleet.healthOf(vehicle, nowMs)
      counts[health] += 1
      if (health === 'fresh' && (vehicle.match?.status === 'in-service' || vehicle.match?.status === 'layover')) counts.matched += 1
    }
    const schedule = options.schedule()
    const timeZone = schedule?.timeZone ?? 'UTC'
    const todayStartMs = serviceDayOriginMs(localDateOf(nowMs, timeZone), timeZone)
    return {
      at: new Date(nowMs).toISOString(),
      vehicles: { fresh: counts.fresh, stale: counts.stale, offline: counts.offline },
      matchedShare: counts.fresh ? Math.round((counts.matched / counts.fresh) * 1000) / 1000 : null,
      pingsPerSecond: Math.round(options.pingsPerSecond() * 10) / 10,
      ghostTrips: schedule ? ghostTrips(schedule, fleet, nowMs).length : null,
      onTimeByRoute: await onTimeByRoute(options.pool, todayStartMs),
      adherenceNow: fleetAdherenceNow(fleet, schedule, nowMs),
    }
  })

  app.get('/api/v1/ghost-trips', { preHandler: dispatcher, schema: { tags: ['fleet'], operationId: 'listGhostTrips', summary: 'Trips the timetable has running now that no vehicle works', response: { 200: GhostTripsResponse } } }, async (): Promise<GhostTripsResponse> => {
    const schedule = options.schedule()
    if (!schedule) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active: ghost trips need the schedule')
    const trips = ghostTrips(schedule, fleet, now())
    return { count: trips.length, trips }
  })
}
