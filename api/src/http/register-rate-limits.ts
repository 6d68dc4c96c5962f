import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Auth } from '../auth/auth.js'

/**
 * Public endpoints are rate-limited per client IP (feeds and rider endpoints are open to anyone); a client over
 * its limit gets 429 with Retry-After and a message saying when to come back. Probes are not limited.
 */
export interface RateLimits {
  perMinute: number
}

/** Per client IP; a third-party app with an API key (X-API-Key) gets its key's own limit instead. */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits, auth: Auth): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    keyGenerator: (request) => {
      const key = auth.apiKeyOf(request)
      return key ? `key:${key.keyId}` : `ip:${request.ip}`
    },
    max: (request) => auth.apiKeyOf(request)?.rateLimitPerMinute ?? limits.perMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz' || request.url === '/metrics',
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `more than ${context.max} requests a minute from this ${auth.apiKeyOf(request) ? 'API key' : 'address'}: try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  })
}
