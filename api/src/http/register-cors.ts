import type { FastifyInstance, FastifyReply } from 'fastify'
import { corsAnswerFor, type CorsAnswer } from './cors-policy.js'

/**
 * CORS by the policy of cors-policy.ts, answered as @fastify/cors answers it (its headers, its strict preflight:
 * 204 with Content-Length 0, 400 for an OPTIONS without Origin or Access-Control-Request-Method, 404 where no origin
 * is allowed), in one synchronous hook whose header values are all worked out at start: the plugin's delegator
 * merged and normalised its options on every request, a twentieth of the api's time per feed request.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.decorateRequest('corsPreflight', false)
  app.addHook('onRequest', function cors(request, reply, done) {
    reply.header('vary', 'Origin') // the answer depends on the origin (and on the path); the first hook to set Vary
    const preflightMethod = request.headers['access-control-request-method']
    const answer = corsAnswerFor(request.method, request.url, typeof preflightMethod === 'string' ? preflightMethod : undefined, allowedOrigins)
    if (!answer) return done()
    const origin = request.headers.origin
    const allowOrigin = answer.origins === '*' ? '*' : typeof origin === 'string' && answer.origins.includes(origin) ? origin : null
    if (allowOrigin) reply.header('access-control-allow-origin', allowOrigin)
    reply.header('access-control-expose-headers', answer.exposeHeaders)
    if (request.method !== 'OPTIONS') return done()
    if (!origin || !preflightMethod) {
      reply.code(400).type('text/plain').send('Invalid Preflight Request')
      return
    }
    request.corsPreflight = true
    sendPreflight(reply, answer, request.headers['access-control-request-headers'])
  })
  // Preflights are answered by the hook; any other OPTIONS is a route that does not exist.
  app.options('*', { schema: { hide: true } }, (_request, reply) => {
    reply.callNotFound()
  })
}

declare module 'fastify' {
  interface FastifyRequest {
    corsPreflight: boolean
  }
}

function sendPreflight(reply: FastifyReply, answer: CorsAnswer, requestHeaders: string | string[] | undefined): void {
  reply.header('access-control-allow-methods', answer.methods)
  if (answer.allowHeaders) reply.header('access-control-allow-headers', answer.allowHeaders)
  else {
    appendVary(reply, 'Access-Control-Request-Headers')
    if (requestHeaders !== undefined) reply.header('access-control-allow-headers', requestHeaders)
  }
  reply.header('access-control-max-age', answer.maxAgeS).code(204).header('content-length', '0').send()
}

function appendVary(reply: FastifyReply, name: string): void {
  const vary = reply.getHeader('vary')
  if (vary === undefined) reply.header('vary', name)
  else if (!String(vary).toLowerCase().split(/\s*,\s*/).includes(name.toLowerCase())) reply.header('vary', `${String(vary)}, ${name}`)
}
