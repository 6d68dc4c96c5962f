import type { FastifyInstance, preHandlerHookHandler } from 'fastify'
import { ApiError } from './api-errors.js'

/**
 * No route sees Infinity or NaN: schema validation lets '1e309' (a query or path value coerced to a number, or a
 * JSON number too large for a double) through as Infinity, which satisfies `integer` and, next to @fastify/swagger,
 * even `minimum`/`maximum`; PostgreSQL then refuses it. Checked after validation (coercion), before any handler,
 * iteratively so a deeply nested body cannot overflow the stack.
 */
export function firstNonFiniteNumber(value: unknown, at: string): string | null {
  const pending: Array<[unknown, string]> = [[value, at]]
  while (pending.length) {
    const [item, path] = pending.pop()!
    if (typeof item === 'number' && !Number.isFinite(item)) return path
    if (item && typeof item === 'object') for (const [key, child] of Object.entries(item)) pending.push([child, `${path}.${key}`])
  }
  return null
}

/**
 * On every route a number can reach: a body (any method but GET and HEAD), or a path or query value its schema
 * makes a number. Routes whose input is strings only (the feeds) skip the walk.
 */
export function rejectNonFiniteNumbers(app: FastifyInstance): void {
  const check: preHandlerHookHandler = function rejectNonFinite(request, _reply, done) {
    const field = firstNonFiniteNumber(request.params, 'params') ?? firstNonFiniteNumber(request.query, 'querystring') ?? firstNonFiniteNumber(request.body, 'body')
    done(field ? new ApiError('API_BAD_REQUEST', `${field} must be a finite number`) : undefined)
  }
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat()
    const numbersIn = (schema: unknown) => schema !== undefined && /"(number|integer|\$ref)"/.test(JSON.stringify(schema)) // a reference may be to a number
    if (methods.every((method) => method === 'GET' || method === 'HEAD') && !numbersIn(route.schema?.params) && !numbersIn(route.schema?.querystring)) return
    route.preHandler = [check, ...[route.preHandler ?? []].flat()]
  })
}
