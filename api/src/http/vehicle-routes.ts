import type { FastifyInstance } from 'fastify'
import type { FleetState, VehicleHealth } from '../fleet/fleet-state.js'
import { viewOf } from '../fleet/vehicle-view.js'
import type { Auth } from '../auth/auth.js'
import { ApiError } from './api-errors.js'

/** The fleet as JSON: /api/v1/vehicles (filter by route and health, sort) and /api/v1/vehicles/:id. */
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    route: { type: 'string', minLength: 1, maxLength: 64 },
    health: { type: 'string', enum: ['fresh', 'stale', 'offline'] },
    sort: { type: 'string', enum: ['vehicleId', 'age', '-age'], default: 'vehicleId' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
  },
} as const

export function registerVehicleRoutes(app: FastifyInstance, fleet: FleetState, now: () => number, auth: Auth): void {
  const dispatcher = auth.requireRole('dispatcher', 'admin')
  app.get<{ Querystring: { route?: string; health?: VehicleHealth; sort: 'vehicleId' | 'age' | '-age'; limit: number } }>('/api/v1/vehicles', { preHandler: dispatcher, schema: { tags: ['fleet'], summary: 'The live fleet: filter by route and health, sort by id or age', querystring: listQuery } }, async (request) => {
    const nowMs = now()
    const { route, health, sort, limit } = request.query
    let views = [...fleet.all()].map((v) => viewOf(fleet, v, nowMs))
    if (route) views = views.filter((v) => v.declaredRouteId === route)
    if (health) views = views.filter((v) => v.health === health)
    views.sort(sort === 'vehicleId' ? (a, b) => (a.vehicleId < b.vehicleId ? -1 : 1) : sort === 'age' ? (a, b) => a.ageS - b.ageS : (a, b) => b.ageS - a.ageS)
    return { count: views.length, vehicles: views.slice(0, limit) }
  })

  app.get<{ Params: { id: string } }>('/api/v1/vehicles/:id', { preHandler: dispatcher, schema: { tags: ['fleet'], summary: 'One vehicle', params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } } }, async (request) => {
    const vehicle = fleet.get(request.params.id)
    if (!vehicle) throw new ApiError(404, 'VEHICLE_NOT_FOUND', `no vehicle "${request.params.id}" has been heard from`)
    return viewOf(fleet, vehicle, now())
  })
}
