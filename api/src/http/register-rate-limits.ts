import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'

/**
 * Public endpoints are rate-limited per client IP (feeds and rider endpoints are open to anyone); a client over
 * its limit gets 429 with Retry-After and a message saying when to come back. Probes are not limited.
 */
export interface RateLimits {
  perMinute: number
}

export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: limits.perMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `more than ${context.max} requests a minute from this address: try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  })
}
