import type { FastifyError, FastifyInstance } from 'fastify'
import { isDatabaseUnavailable } from '../db/database-unavailable.js'

/** Seconds a client is asked to wait before retrying while the database is away (the health probe's period). */
const DATABASE_RETRY_AFTER_S = 5

/**
 * Every error a client sees has a code and a message a person understands, never a stack trace:
 * a request that breaks a route's schema is a 400 naming the field; an unknown route or id a 404.
 */
export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message)
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send({ code: error.code, message: error.message })
    if ((error as FastifyError).validation) {
      const context = (error as FastifyError).validationContext ?? 'request'
      const first = (error as FastifyError).validation![0]!
      const field = `${context}${first.instancePath.replaceAll('/', '.')}`
      const name = first.params && 'missingProperty' in first.params ? `${field}.${String(first.params.missingProperty)}` : first.params && 'additionalProperty' in first.params ? `${field}.${String(first.params.additionalProperty)}` : field
      return reply.code(400).send({ code: 'BAD_REQUEST', message: `${name} ${first.message ?? 'is invalid'}` })
    }
    const status = (error as FastifyError).statusCode ?? 500
    if (status === 413) return reply.code(413).send({ code: 'BODY_TOO_LARGE', message: `the request body is larger than this endpoint takes (${Math.round(request.routeOptions.bodyLimit / 1024)} KB)` })
    if (status < 500) return reply.code(status).send({ code: (error as FastifyError).code ?? 'BAD_REQUEST', message: error.message })
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ reason: error.message }, 'the database is unavailable: answered 503')
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_S)).send({ code: 'API_DATABASE_UNAVAILABLE', message: 'Masar cannot reach its database just now; the live feeds, the fleet and arrivals are still served. Try again in a few seconds' })
    }
    if (isDatabaseDataException(error)) {
      request.log.warn({ err: error }, 'the database refused a value of the request')
      return reply.code(400).send({ code: 'BAD_REQUEST', message: 'a value of this request is malformed or out of range (a NUL character, a number or date too large)' })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ code: 'INTERNAL', message: 'Masar could not answer this request; the error is logged' })
  })
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }))
}

/** PostgreSQL's class 22 (data exception: invalid text, out-of-range number or date, NUL byte): the client's value. */
function isDatabaseDataException(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown }
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === 'string'
}
