import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { ApiError } from '../http/api-errors.js'
import { AlertBody, AlertIdParams, AlertsResponse, AlertVersionsResponse, StoredAlert } from '@masar/model/api/alerts'
import { alertVersions, createAlert, deleteAlert, listAlerts, updateAlert } from './alerts.repository.js'

/**
 * Service alerts for dispatchers: list, create, change (each change a new version), delete, and a history of
 * versions. The header text must be given in Arabic and English (riders read either). They feed alerts.pb.
 */
const alertBody = AlertBody
const idParams = AlertIdParams

function checkPeriods(body: AlertBody): void {
  for (const [i, period] of body.activePeriods.entries()) {
    if (period.start !== undefined && period.end !== undefined && period.end < period.start) throw new ApiError('API_BAD_REQUEST', `body.activePeriods.${i}.end is before its start`)
  }
}

export interface AlertsOptions {
  pool: pg.Pool
  auth: Auth
  /** After a change: the engine rebuilds the Alerts feed (resolves when it has). */
  onChange: () => Promise<void>
}

export const alertsPlugin: FastifyPluginAsync<AlertsOptions> = async (app, options) => {
  const { pool, auth } = options
  const dispatcher = auth.requireRole('dispatcher', 'admin')
  app.get('/api/v1/alerts', { preHandler: dispatcher, schema: { tags: ['alerts'], operationId: 'listAlerts', summary: 'Service alerts in force or planned', response: { 200: AlertsResponse } } }, async (): Promise<AlertsResponse> => ({ alerts: await listAlerts(pool) }))

  app.post<{ Body: AlertBody }>('/api/v1/alerts', { preHandler: dispatcher, schema: { tags: ['alerts'], operationId: 'createAlert', summary: 'Create a service alert', body: alertBody, response: { 201: StoredAlert } } }, async (request, reply) => {
    checkPeriods(request.body)
    const alert = await createAlert(pool, request.body, request.account!.sub)
    await options.onChange()
    return reply.code(201).send(alert)
  })

  app.put<{ Params: { id: number }; Body: AlertBody }>('/api/v1/alerts/:id', { preHandler: dispatcher, schema: { tags: ['alerts'], operationId: 'updateAlert', summary: 'Change a service alert (a new version)', params: idParams, body: alertBody, response: { 200: StoredAlert } } }, async (request): Promise<StoredAlert> => {
    checkPeriods(request.body)
    const alert = await updateAlert(pool, request.params.id, request.body, request.account!.sub)
    if (!alert) throw new ApiError('API_ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    await options.onChange()
    return alert
  })

  app.delete<{ Params: { id: number } }>('/api/v1/alerts/:id', { preHandler: dispatcher, schema: { tags: ['alerts'], operationId: 'deleteAlert', summary: 'End a service alert', params: idParams, response: { 204: { description: 'ended', type: 'null' } } } }, async (request, reply) => {
    if (!(await deleteAlert(pool, request.params.id, request.account!.sub))) throw new ApiError('API_ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    await options.onChange()
    return reply.code(204).send()
  })

  app.get<{ Params: { id: number } }>('/api/v1/alerts/:id/versions', { preHandler: dispatcher, schema: { tags: ['alerts'], operationId: 'listAlertVersions', summary: 'Every version of a service alert', params: idParams, response: { 200: AlertVersionsResponse } } }, async (request): Promise<AlertVersionsResponse> => {
    const versions = await alertVersions(pool, request.params.id)
    if (versions.length === 0) throw new ApiError('API_ALERT_NOT_FOUND', `no service alert ${request.params.id}`)
    return { versions }
  })
}
