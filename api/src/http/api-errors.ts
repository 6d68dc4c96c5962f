import { API_ERRORS, isApiErrorCode, type ApiErrorBody, type ApiErrorCode } from '@masar/model/api/api-errors'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '../db/database-unavailable.js'

/** Seconds a client is asked to wait before retrying while the database is away (the health probe's period). */
const DATABASE_RETRY_AFTER_S = 5

/**
 * Every error a client sees is one of @masar/model's API_ERRORS: a stable code, the one status that code always
 * has, and a message a person understands, never a stack trace. A request that breaks a route's schema is a 400
 * naming the field; an unknown route or id a 404; a failure of the api a 500 carrying the request id (the log has
 * the details under the same id), or a 503 with Retry-After while the database is away.
 */
export class ApiError extends Error {
  readonly statusCode: number
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message)
    this.statusCode = API_ERRORS[code].status
  }
}

function send(reply: FastifyReply, code: ApiErrorCode, message: string, requestId?: string): FastifyReply {
  const body: ApiErrorBody = requestId === undefined ? { code, message } : { code, message, requestId }
  return reply.code(API_ERRORS[code].status).send(body)
}

/** A 4xx that a plugin or Fastify itself raised (its own code, e.g. FST_ERR_CTP_INVALID_MEDIA_TYPE), as one of ours. */
function codeOfClientError(error: FastifyError, status: number): ApiErrorCode {
  if (isApiErrorCode(error.code)) return error.code
  switch (status) {
    case 401: return 'API_UNAUTHENTICATED'
    case 403: return 'API_FORBIDDEN'
    case 404: return 'API_NOT_FOUND'
    case 413: return 'API_BODY_TOO_LARGE'
    case 415: return 'API_UNSUPPORTED_MEDIA_TYPE'
    case 416: return 'API_RANGE_NOT_SATISFIABLE'
    case 429: return 'API_RATE_LIMITED'
    default: return 'API_BAD_REQUEST'
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply) => {
    if (error instanceof ApiError) return send(reply, error.code, error.message)
    if ((error as FastifyError).validation) {
      const context = (error as FastifyError).validationContext ?? 'request'
      const first = (error as FastifyError).validation![0]!
      const field = `${context}${first.instancePath.replaceAll('/', '.')}`
      const name = first.params && 'missingProperty' in first.params ? `${field}.${String(first.params.missingProperty)}` : first.params && 'additionalProperty' in first.params ? `${field}.${String(first.params.additionalProperty)}` : field
      return send(reply, 'API_BAD_REQUEST', `${name} ${first.message ?? 'is invalid'}`)
    }
    const status = (error as FastifyError).statusCode ?? 500
    if (status === 413) return send(reply, 'API_BODY_TOO_LARGE', `the request body is larger than this endpoint takes (${Math.round(request.routeOptions.bodyLimit / 1024)} KB)`)
    if (status < 500) return send(reply, codeOfClientError(error as FastifyError, status), error.message)
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ reason: error.message }, 'the database is unavailable: answered 503')
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S))
      return send(reply, 'API_DATABASE_UNAVAILABLE', 'Masar cannot reach its database just now; the live feeds, the fleet and arrivals are still served. Try again in a few seconds')
    }
    if (isDatabaseDataException(error)) {
      request.log.warn({ err: error }, 'the database refused a value of the request')
      return send(reply, 'API_BAD_REQUEST', 'a value of this request is malformed or out of range (a NUL character, a number or date too large)')
    }
    request.log.error({ err: error }, 'request failed')
    return send(reply, 'API_INTERNAL', `Masar could not answer this request; the error is logged under request id ${request.id}`, request.id)
  })
  app.setNotFoundHandler((request, reply) => send(reply, 'API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`))
}

/** PostgreSQL's class 22 (data exception: invalid text, out-of-range number or date, NUL byte): the client's value. */
function isDatabaseDataException(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown }
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === 'string'
}
