import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DeviceDirectory } from '../device-directory.js'
import type { DeclaredTrips } from './declared-trips.js'
import { driverPage, driverPageLanguage } from './driver-page.js'

const TRIP_ID = /^[\p{L}\p{N}_.:\- ]{1,255}$/u

/** The fields of a form or JSON body, or of the query for a GET. */
function fieldsOf(request: FastifyRequest, queryOf: (request: FastifyRequest) => Record<string, string | undefined>): Record<string, string | undefined> {
  const body = request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : ''
  if (!body) return queryOf(request)
  if ((request.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]))
    } catch {
      return {}
    }
  }
  return Object.fromEntries(new URLSearchParams(body))
}

/**
 * GET shows the page for the phone's bus (the phone's own device id and token, as in Traccar Client's server URL);
 * POST declares a trip (action=start, tripId) or ends it (action=end): a form answered with 303 back to the page, or
 * JSON answered with JSON. A wrong token or an unknown device is refused as the OsmAnd endpoint refuses it.
 */
export function registerDriverPage(app: FastifyInstance, options: { path: string; directory: DeviceDirectory; declaredTrips: DeclaredTrips; now: () => number; queryOf: (request: FastifyRequest) => Record<string, string | undefined> }): void {
  const { path, directory, declaredTrips } = options
  app.get(path, async (request, reply) => {
    const query = options.queryOf(request)
    const lang = driverPageLanguage(query.lang, request.headers['accept-language'])
    const checked = directory.checkDevice(query.id ?? '', query.token)
    if (!checked.ok) return reply.code(checked.reason === 'unauthenticated' ? 401 : 403).type('text/plain; charset=utf-8').send(`${checked.reason}: ${checked.detail}`)
    const status = query.status === 'started' || query.status === 'ended' ? query.status : null
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      .send(driverPage({ lang, deviceId: query.id!, token: query.token ?? '', vehicleId: checked.vehicle.vehicleId, declaredTripId: declaredTrips.tripOf(checked.vehicle.vehicleId), status, action: path }))
  })
  app.post(path, async (request, reply) => {
    const fields = fieldsOf(request, options.queryOf)
    const json = (request.headers['content-type'] ?? '').includes('json')
    const checked = directory.checkDevice(fields.id ?? '', fields.token)
    if (!checked.ok) return reply.code(checked.reason === 'unauthenticated' ? 401 : 403).send({ code: checked.reason, message: checked.detail })
    const { agencyId, vehicleId } = checked.vehicle
    const tripId = fields.tripId?.trim()
    if (fields.action === 'end') await declaredTrips.end(vehicleId)
    else if (fields.action === 'start' && tripId && TRIP_ID.test(tripId)) await declaredTrips.declare(agencyId, vehicleId, tripId, options.now())
    else return reply.code(400).send({ code: 'invalid_declaration', message: 'action must be "start" with a tripId (1–255 letters, digits, "_", ".", ":", "-", spaces) or "end"' })
    const status = fields.action === 'end' ? 'ended' : 'started'
    if (json) return reply.send({ vehicleId, tripId: declaredTrips.tripOf(vehicleId) ?? null, status })
    const back = new URLSearchParams({ id: fields.id!, token: fields.token ?? '', lang: fields.lang === 'en' ? 'en' : 'ar', status })
    return reply.code(303).header('location', `${path}?${back}`).send()
  })
}
