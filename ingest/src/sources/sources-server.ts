import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { DRIVER_PATH, OSMAND_PATH, TRACCAR_JSON_PATH, TRACCAR_URL_PATH } from '@masar/model/telemetry/source-endpoints'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import type { Logger } from 'pino'
import type { DeviceDirectory } from './device-directory.js'
import type { HttpFixRequest } from './http-fix-request.js'
import type { DecodedFixes, SourceKind } from './source-fix.js'
import type { GatewayOutcome, SourceGateway } from './source-gateway.js'
import type { DeclaredTrips } from './driver/declared-trips.js'
import { registerDriverPage } from './driver/driver-routes.js'

/** The decoders of the HTTP sources (injected, so the server is only about HTTP). */
export interface HttpSourceDecoders {
  osmand(request: HttpFixRequest): DecodedFixes
  traccarJson(body: Uint8Array): DecodedFixes
  traccarUrl(request: HttpFixRequest): DecodedFixes
}

export interface SourcesServerOptions {
  gateway: SourceGateway
  directory: DeviceDirectory
  decoders: HttpSourceDecoders
  logger: Logger
  bodyLimitBytes: number
  now: () => number
  /** The trips drivers declare from their phones' page. */
  declaredTrips: DeclaredTrips
}

/** The HTTP status each refusal is answered with: the device or gateway retries a 503, fixes the rest. */
const STATUS_OF: Partial<Record<RejectReason, number>> = { unauthenticated: 401, unknown_device: 403, invalid_vehicle_id: 403, payload_too_large: 413 }

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined
}

function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.query as Record<string, string | string[] | undefined>)) query[name] = Array.isArray(value) ? value[0] : value
  return query
}

function fixRequestOf(request: FastifyRequest): HttpFixRequest {
  const body = request.body instanceof Uint8Array ? request.body : new Uint8Array()
  return { method: request.method === 'POST' ? 'POST' : 'GET', query: queryOf(request), contentType: request.headers['content-type'], body }
}

/**
 * Answers a device or gateway: 200 once every fix it sent is with the broker (or refused for good, said in the body),
 * 503 when the broker did not take some (send again: stored once), 4xx when nothing was taken.
 */
function answer(reply: FastifyReply, outcome: GatewayOutcome): FastifyReply {
  const refused = outcome.refused.map(({ reason, detail, device }) => ({ code: reason, message: detail, ...(device ? { device } : {}) }))
  if (outcome.notQueued) return reply.code(503).header('retry-after', '5').send({ code: 'FIX_NOT_QUEUED', message: `${outcome.notQueued.message}: send the fixes again`, published: outcome.published, refused })
  if (outcome.published === 0 && refused.length > 0) {
    const first = outcome.refused[0]!
    return reply.code(STATUS_OF[first.reason] ?? 400).send({ code: first.reason, message: first.detail, published: 0, refused })
  }
  return reply.code(200).send({ published: outcome.published, refused })
}

/**
 * The HTTP listener of the sources (default port 5055, as Traccar's OsmAnd port): OsmAnd phones on `/`, Traccar's
 * JSON and URL forwarders on their paths. Every body is read as bytes and handed to its source's decoder.
 */
export async function buildSourcesServer(options: SourcesServerOptions): Promise<FastifyInstance> {
  const { gateway, directory, decoders, now } = options
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'sources-http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    // a phone or gateway sends every few seconds on one connection
    keepAliveTimeout: 65_000,
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (status === 500) options.logger.error({ err }, 'sources listener failed')
    return reply.code(status).send({ code: status === 413 ? 'payload_too_large' : status === 500 ? 'internal_error' : 'malformed_body', message: status === 500 ? 'internal error' : err.message })
  })

  const fromDevice = (source: SourceKind, decode: (request: HttpFixRequest) => DecodedFixes) => async (request: FastifyRequest, reply: FastifyReply) => {
    const fixRequest = fixRequestOf(request)
    const token = fixRequest.query.token ?? bearer(request)
    return answer(reply, await gateway.fromDevices(source, decode(fixRequest), token, now()))
  }
  const fromTraccar = (source: SourceKind, decode: (request: HttpFixRequest) => DecodedFixes) => async (request: FastifyRequest, reply: FastifyReply) => {
    const fixRequest = fixRequestOf(request)
    const receivedAtMs = now()
    const granted = directory.sourceOfKey(bearer(request) ?? fixRequest.query.key)
    if (!granted.ok) return answer(reply, gateway.refuse(source, { reason: granted.reason, detail: granted.detail, payload: fixRequest.body.byteLength > 0 ? fixRequest.body : new TextEncoder().encode(request.url) }, receivedAtMs))
    return answer(reply, await gateway.fromSource(source, granted.source, decode(fixRequest), receivedAtMs))
  }

  const osmand = fromDevice('osmand', (r) => decoders.osmand(r))
  app.get(OSMAND_PATH, osmand)
  app.post(OSMAND_PATH, osmand)
  app.post(TRACCAR_JSON_PATH, fromTraccar('traccar-json', (r) => decoders.traccarJson(r.body)))
  const traccarUrl = fromTraccar('traccar-url', (r) => decoders.traccarUrl(r))
  app.get(TRACCAR_URL_PATH, traccarUrl)
  app.post(TRACCAR_URL_PATH, traccarUrl)
  registerDriverPage(app, { path: DRIVER_PATH, directory, declaredTrips: options.declaredTrips, now, queryOf })
  return app
}
