import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { ApiError } from '../http/api-errors.js'
import { ALERT_CAUSES, ALERT_EFFECTS } from './alerts-feed.js'
import { alertVersions, createAlert, deleteAlert, listAlerts, updateAlert, type AlertBody } from './alerts.repository.js'

/**
 * Service alerts for dispatchers: list, create, change (each change a new version), delete, and a history of
 * versions. The header text must be given in Arabic and English (riders read either). They feed alerts.pb.
 */
const text = { type: 'object', additionalProperties: false, properties: { ar: { type: 'string', minLength: 1, maxLength: 2000 }, en: { type: 'string', minLength: 1, maxLength: 2000 } } } as const
const entitySelector = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    agencyId: { type: 'string', minLength: 1 }, routeId: { type: 'string', minLength: 1 }, routeType: { type: 'integer' }, directionId: { type: 'integer', enum: [0, 1] }, stopId: { type: 'string', minLength: 1 },
    trip: { type: 'object', additionalProperties: false, minProperties: 1, properties: { tripId: { type: 'string', minLength: 1 }, routeId: { type: 'string', minLength: 1 }, startDate: { type: 'string', pattern: '^\\d{8}$' }, startTime: { type: 'string' } } },
  },
} as const
const alertBody = {
  type: 'object', additionalProperties: false, required: ['informedEntities', 'headerText'],
  properties: {
    cause: { type: 'string', enum: ALERT_CAUSES, default: 'UNKNOWN_CAUSE' },
    effect: { type: 'string', enum: ALERT_EFFECTS, default: 'UNKNOWN_EFFECT' },
    activePeriods: { type: 'array', maxItems: 50, default: [], items: { type: 'object', additionalProperties: false, properties: { start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 } } } },
    informedEntities: { type: 'array', minItems: 1, maxItems: 200, items: entitySelector },
    headerText: { ...text, required: ['ar', 'en'] },
    descriptionText: { ...text, default: {} },
    url: { ...text, default: {} },
  },
} as const
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } } as const // alert_id is a 32-bit serial

function checkPeriods(body: AlertBody): void {
  for (const [i, period] of body.activePeriods.entries()) {
    if (period.start !== undefined && period.end !== undefined && period.end < period.start) throw new ApiError(400, 'BAD_REQUEST', `body.activePeriods.${i}.end is before its start`)
  }
}

export function registerAlertRoutes(app: FastifyInstance, options: { pool: pg.Pool; auth: Auth; onChange: () => Promise<void> }): void {
  const { pool, auth } = options
  const dispatcher = auth.requireRole('dispatcher', 'admin')
  app.get('/api/v1/alerts', { preHandler: dispatcher, schema: { tags: ['alerts'], summary: 'Service alerts in force or planned' } }, async () => ({ alerts: await listAlerts(pool) }))

  app.post<{ Body: AlertBody }>('/api/v1/alerts', { preHandler: dispatcher, schema: { tags: ['alerts'], summary: 'Create a service alert', body: alertBody } }, async (request, reply) => {
    checkPeriods(request.body)
    const alert = await createAlert(pool, request.body, request.account!.sub)
    await options.onChange()
    return reply.code(201).send(alert)
  })

  app.put<{ Params: { id: number }; Body: AlertBody }>('/api/v1/alerts/:id', { preHandler: dispatcher, schema: { tags: ['alerts'], summary: 'Change a service alert (a new version)', params: idParams, body: alertBody } }, async (request) => {
    checkPeriods(request.body)
    const alert = await updateAlert(pool, request.params.id, request.body, request.account!.sub)
    if (!alert) throw new ApiError(404, 'ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    await options.onChange()
    return alert
  })

  app.delete<{ Params: { id: number } }>('/api/v1/alerts/:id', { preHandler: dispatcher, schema: { tags: ['alerts'], summary: 'End a service alert', params: idParams } }, async (request, reply) => {
    if (!(await deleteAlert(pool, request.params.id, request.account!.sub))) throw new ApiError(404, 'ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    await options.onChange()
    return reply.code(204).send()
  })

  app.get<{ Params: { id: number } }>('/api/v1/alerts/:id/versions', { preHandler: dispatcher, schema: { tags: ['alerts'], summary: 'Every version of a service alert', params: idParams } }, async (request) => {
    const versions = await alertVersions(pool, request.params.id)
    if (versions.length === 0) throw new ApiError(404, 'ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    return { versions }
  })
}
