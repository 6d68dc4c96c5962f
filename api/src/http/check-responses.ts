import { FormatRegistry, Kind, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * For tests and staging (API_CHECK_RESPONSES): each JSON answer is checked against its operation's response schema
 * before it is serialised. The serialiser sends only the fields a schema lists, so a field the handler returns and
 * the schema lacks would vanish without a word; the model's schemas are closed, so here it fails the answer (a 500,
 * the mismatch in the log) and the test that made the request sees it.
 */
export function checkResponses(app: FastifyInstance): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)))
  app.addHook('preSerialization', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const responses = request.routeOptions.schema?.response as Record<string, TSchema> | undefined
    if (!responses) return payload // an undocumented route (the docs' own); the OpenAPI test requires one of every documented route
    const schema = responseSchemaOf(responses, reply.statusCode)
    if (!schema && reply.statusCode >= 400) return payload // register-docs.ts gives documented routes the error body
    if (!schema) throw new Error(`${request.method} ${request.routeOptions.url} has no response schema for ${reply.statusCode}`)
    if (!(Kind in schema)) return payload // a hand-written schema (the docs' own routes)
    const sent: unknown = JSON.parse(JSON.stringify(payload)) // what a client would get without a schema
    const errors = [...Value.Errors(schema, sent)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`)
    if (errors.length) {
      request.log.error({ route: request.routeOptions.url, status: reply.statusCode, errors }, 'response breaks its schema')
      throw new Error(`the answer of ${request.method} ${request.routeOptions.url} breaks its response schema: ${errors.join('; ')}`)
    }
    return payload
  })
}

function responseSchemaOf(responses: Record<string, TSchema>, status: number): TSchema | undefined {
  return responses[String(status)] ?? responses[`${String(status)[0]}xx`] ?? responses[`${String(status)[0]}XX`] ?? responses.default
}
