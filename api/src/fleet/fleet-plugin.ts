import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FastifyPluginAsync } from 'fastify'
import type { FleetState } from './fleet-state.js'
import { viewOf, type VehicleView } from './vehicle-view.js'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { readHistory } from './history.repository.js'
import { ApiError } from '../http/api-errors.js'
import { HISTORY_MAX_POINTS, HistoryQuery, HistoryResponse, VehicleListQuery, VehicleListResponse } from '@masar/model/api/fleet'
import { VehicleView as VehicleViewSchema } from '@masar/model/api/vehicle-view'
import { IdParams } from '@masar/model/api/stops'

/** The fleet as JSON: /api/v1/vehicles (filter by route and health, sort), /api/v1/vehicles/:id and its history. */

export interface FleetOptions {
  fleet: FleetState
  /** The active schedule: a trip run to a headway is judged by its gap to the bus ahead (vehicle-adherence.ts). */
  schedule: () => Schedule | null
  now: () => number
  auth: Auth
  /** The stored tracks: TimescaleDB's time_bucket, or date_bin on plain PostgreSQL. */
  /** maxPoints: the most points one answer holds (HISTORY_MAX_POINTS; tests set fewer). */
  history: { pool: pg.Pool; timescale: boolean; maxPoints?: number }
}

export const fleetPlugin: FastifyPluginAsync<FleetOptions> = async (app, { fleet, schedule, now, auth, history }) => {
  const dispatcher = auth.requireRole('dispatcher', 'admin')
  app.get<{ Querystring: VehicleListQuery }>('/api/v1/vehicles', { preHandler: dispatcher, schema: { tags: ['fleet'], operationId: 'listVehicles', summary: 'The live fleet: filter by route, health, status (phase) and off-route; sort by id, age or deviation', querystring: VehicleListQuery, response: { 200: VehicleListResponse } } }, async (request): Promise<VehicleListResponse> => {
    const nowMs = now()
    const { route, health, status, offRoute, sort, limit } = request.query
    let views = [...fleet.all()].map((v) => viewOf(fleet, v, nowMs, schedule()))
    if (route) views = views.filter((v) => (v.routeId ?? v.declaredRouteId) === route)
    if (health) views = views.filter((v) => v.health === health)
    if (status) views = views.filter((v) => v.phase === status)
    if (offRoute !== undefined) views = views.filter((v) => v.offRoute === offRoute)
    const deviation = (v: VehicleView) => v.scheduleDeviationS ?? Number.NEGATIVE_INFINITY
    const order: Record<typeof sort, (a: VehicleView, b: VehicleView) => number> = {
      vehicleId: (a, b) => (a.vehicleId < b.vehicleId ? -1 : 1),
      age: (a, b) => a.ageS - b.ageS,
      '-age': (a, b) => b.ageS - a.ageS,
      deviation: (a, b) => deviation(a) - deviation(b),
      '-deviation': (a, b) => deviation(b) - deviation(a), // the latest first
    }
    views.sort(order[sort])
    return { count: views.length, vehicles: views.slice(0, limit) }
  })

  app.get<{ Params: { id: string } }>('/api/v1/vehicles/:id', { preHandler: dispatcher, schema: { tags: ['fleet'], operationId: 'getVehicle', summary: 'One vehicle', params: IdParams(64), response: { 200: VehicleViewSchema } } }, async (request): Promise<VehicleView> => {
    const vehicle = fleet.get(request.params.id)
    if (!vehicle) throw new ApiError('API_VEHICLE_NOT_FOUND', `no vehicle "${request.params.id}" has been heard from`)
    return viewOf(fleet, vehicle, now(), schedule())
  })

  app.get<{ Params: { id: string }; Querystring: HistoryQuery }>('/api/v1/vehicles/:id/history', {
    preHandler: dispatcher,
    schema: {
      tags: ['fleet'], operationId: 'getVehicleHistory', summary: 'A vehicle\'s track between two instants (ISO 8601); over six hours downsampled (bucket, in seconds)',
      params: IdParams(64), querystring: HistoryQuery, response: { 200: HistoryResponse },
    },
  }, async (request): Promise<HistoryResponse> => {
    const fromMs = Date.parse(request.query.from)
    const toMs = request.query.to ? Date.parse(request.query.to) : now()
    if (toMs <= fromMs) throw new ApiError('API_BAD_REQUEST', 'querystring.to must be after querystring.from')
    if (toMs - fromMs > 31 * 86_400_000) throw new ApiError('API_BAD_REQUEST', 'the range from–to must be at most 31 days')
    const spanS = (toMs - fromMs) / 1000
    const bucketS = request.query.bucket ?? (spanS > 6 * 3600 ? Math.ceil(spanS / 2000) : null)
    const { points, truncated } = await readHistory(history.pool, { vehicleId: request.params.id, fromMs, toMs, bucketS, timescale: history.timescale, limit: history.maxPoints ?? HISTORY_MAX_POINTS })
    return { vehicleId: request.params.id, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucketS, count: points.length, points, truncated }
  })
}
