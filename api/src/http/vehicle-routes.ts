import type { FastifyInstance } from 'fastify'
import type { FleetState, VehicleHealth } from '../fleet/fleet-state.js'
import { viewOf, type VehicleView } from '../fleet/vehicle-view.js'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { readHistory } from '../fleet/history.repository.js'
import { ApiError } from './api-errors.js'

/** The fleet as JSON: /api/v1/vehicles (filter by route and health, sort) and /api/v1/vehicles/:id. */
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    route: { type: 'string', minLength: 1, maxLength: 64 },
    health: { type: 'string', enum: ['fresh', 'stale', 'offline'] },
    status: { type: 'string', enum: ['in-service', 'layover', 'deadhead', 'at-depot', 'unassigned'], description: 'the phase matching gives the vehicle' },
    offRoute: { type: 'boolean' },
    sort: { type: 'string', enum: ['vehicleId', 'age', '-age', 'deviation', '-deviation'], default: 'vehicleId' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
  },
} as const

export function registerVehicleRoutes(app: FastifyInstance, fleet: FleetState, now: () => number, auth: Auth, history: { pool: pg.Pool; timescale: boolean }): void {
  const dispatcher = auth.requireRole('dispatcher', 'admin')
  app.get<{ Querystring: { route?: string; health?: VehicleHealth; status?: VehicleView['phase']; offRoute?: boolean; sort: 'vehicleId' | 'age' | '-age' | 'deviation' | '-deviation'; limit: number } }>('/api/v1/vehicles', { preHandler: dispatcher, schema: { tags: ['fleet'], summary: 'The live fleet: filter by route, health, status (phase) and off-route; sort by id, age or deviation', querystring: listQuery } }, async (request) => {
    const nowMs = now()
    const { route, health, status, offRoute, sort, limit } = request.query
    let views = [...fleet.all()].map((v) => viewOf(fleet, v, nowMs))
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

  app.get<{ Params: { id: string } }>('/api/v1/vehicles/:id', { preHandler: dispatcher, schema: { tags: ['fleet'], summary: 'One vehicle', params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } } }, async (request) => {
    const vehicle = fleet.get(request.params.id)
    if (!vehicle) throw new ApiError(404, 'VEHICLE_NOT_FOUND', `no vehicle "${request.params.id}" has been heard from`)
    return viewOf(fleet, vehicle, now())
  })

  app.get<{ Params: { id: string }; Querystring: { from: string; to?: string; bucket?: number } }>('/api/v1/vehicles/:id/history', {
    preHandler: dispatcher,
    schema: {
      tags: ['fleet'], summary: 'A vehicle\'s track between two instants (ISO 8601); over six hours downsampled (bucket, in seconds)',
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] },
      querystring: {
        type: 'object', additionalProperties: false, required: ['from'],
        properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, bucket: { type: 'integer', minimum: 1, maximum: 86_400 } },
      },
    },
  }, async (request) => {
    const fromMs = Date.parse(request.query.from)
    const toMs = request.query.to ? Date.parse(request.query.to) : now()
    if (toMs <= fromMs) throw new ApiError(400, 'BAD_REQUEST', 'querystring.to must be after querystring.from')
    if (toMs - fromMs > 31 * 86_400_000) throw new ApiError(400, 'BAD_REQUEST', 'the range from–to must be at most 31 days')
    const spanS = (toMs - fromMs) / 1000
    const bucketS = request.query.bucket ?? (spanS > 6 * 3600 ? Math.ceil(spanS / 2000) : null)
    const points = await readHistory(history.pool, { vehicleId: request.params.id, fromMs, toMs, bucketS, timescale: history.timescale, limit: 20_000 })
    return { vehicleId: request.params.id, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucketS, count: points.length, points }
  })
}
