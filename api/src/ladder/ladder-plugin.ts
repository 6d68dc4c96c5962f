import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { ApiError } from '../http/api-errors.js'
import { toShapeLine, type ShapeLine } from '../matching/shape-line.js'
import { buildLadderRuns } from './build-ladder-runs.js'
import { ladderAxisOf, type LadderAxis } from './ladder-axis.js'
import { readLadderFixes, readLadderStopEvents } from './ladder.repository.js'
import { LadderQuery, LadderResponse } from '@masar/model/api/routes'
import { IdParams } from '@masar/model/api/stops'

/**
 * For dispatchers: a route's time–distance ladder in one direction over the last minutes — each bus's run as a
 * line of [epoch ms, metres along the route], and the route's stops at their metres (names in ?lang, Arabic first).
 */
const querystring = LadderQuery

/** Fixes this far before the window are read too, so a run that began before it is placed between its stops. */
const LEAD_MS = 30 * 60_000
const MAX_FIXES = 200_000
const FIX_EVERY_S = 10

export interface LadderOptions {
  pool: pg.Pool
  schedule: () => Schedule | null
  auth: Auth
  now: () => number
}

export const ladderPlugin: FastifyPluginAsync<LadderOptions> = async (app, options) => {
  const { pool, now } = options
  // made once per schedule: a new feed brings its own
  const cachesOf = new WeakMap<Schedule, { axes: Map<string, LadderAxis | null>; shapes: Map<string, ShapeLine> }>()
  app.get<{ Params: { id: string }; Querystring: LadderQuery }>('/api/v1/routes/:id/ladder', {
    preHandler: options.auth.requireRole('dispatcher', 'admin'),
    schema: {
      tags: ['fleet'], operationId: 'getRouteLadder', summary: 'A route\'s time–distance ladder in one direction: each bus\'s recent run as [epoch ms, metres along the route], and its stops',
      params: IdParams(64), querystring, response: { 200: LadderResponse },
    },
  }, async (request): Promise<LadderResponse> => {
    const { id } = request.params
    const { minutes, direction } = request.query
    const lang = request.query.lang ?? 'ar'
    const schedule = options.schedule()
    if (!schedule) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active: the ladder needs the schedule')
    let caches = cachesOf.get(schedule)
    if (!caches) cachesOf.set(schedule, (caches = { axes: new Map(), shapes: new Map() }))
    const { axes, shapes } = caches
    if (!schedule.routes.has(id)) throw new ApiError('API_ROUTE_NOT_FOUND', `no route "${id}" in the active feed`)
    const axisKey = `${id}\u0000${direction}`
    if (!axes.has(axisKey)) axes.set(axisKey, ladderAxisOf(schedule, id, direction))
    const axis = axes.get(axisKey)
    if (!axis) throw new ApiError('API_LADDER_NO_SHAPE', `route "${id}" has no trips with a shape in direction ${direction}: try the other direction`)
    const shape = shapes.get(axis.shapeId) ?? toShapeLine(schedule.shapes.get(axis.shapeId)!)
    shapes.set(axis.shapeId, shape)

    const toMs = now()
    const fromMs = toMs - minutes * 60_000
    const events = await readLadderStopEvents(pool, { routeId: id, fromMs: fromMs - LEAD_MS, toMs })
    const vehicleIds = [...new Set(events.map((e) => e.vehicleId))]
    const fixes = await readLadderFixes(pool, { vehicleIds, fromMs: fromMs - LEAD_MS, toMs, everyS: FIX_EVERY_S, limit: MAX_FIXES })
    const runs = buildLadderRuns({ axis, shape, tripOf: (tripId) => schedule.trips.get(tripId), events, fixes, fromMs, toMs })
    const stops = axis.stops.map((s) => {
      const stop = schedule.stops.get(s.stopId)
      return { stopId: s.stopId, name: stop ? (stop.translations[lang] ?? stop.name) : s.stopId, distanceM: Math.round(s.distanceM) }
    })
    return {
      routeId: id, directionId: direction, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(),
      shapeId: axis.shapeId, lengthM: Math.round(axis.lengthM), stops, runs,
    }
  })
}
