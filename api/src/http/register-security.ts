import type { FastifyInstance, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import { isRoleGuard } from '../auth/auth.js'
import { registerCors } from './register-cors.js'
import { helmetOptionsFor, securityHeadersOf } from './security-headers.js'

/**
 * Security headers on every answer (helmet's, worked out once: security-headers.ts), CORS by the policy of
 * cors-policy.ts, and role checks first: a route's `preHandler: auth.requireRole(…)` runs as its onRequest hook
 * instead, so an anonymous or wrong-role caller is refused (401/403) before the api reads, parses or validates
 * anything it sent. Registered before any route.
 */
export async function registerSecurity(app: FastifyInstance, options: { corsOrigins: readonly string[]; mapStyleOrigin?: string | null }): Promise<void> {
  app.addHook('onRoute', (route) => {
    const preHandlers = [route.preHandler ?? []].flat() as preHandlerHookHandler[]
    const guards = preHandlers.filter(isRoleGuard)
    if (guards.length === 0) return
    route.preHandler = preHandlers.filter((handler) => !isRoleGuard(handler))
    route.onRequest = [...[route.onRequest ?? []].flat(), ...(guards as unknown as onRequestHookHandler[])]
  })
  const securityHeaders = securityHeadersOf(helmetOptionsFor(options.mapStyleOrigin ?? null))
  app.addHook('onRequest', function sendSecurityHeaders(_request, reply, done) {
    reply.headers(securityHeaders)
    done()
  })
  registerCors(app, options.corsOrigins)
}
