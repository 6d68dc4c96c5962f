import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import { ApiError } from './api-errors.js'
import { addRateLimitHits, deleteRateLimitWindowsBefore } from './rate-limit.repository.js'
import { createSharedRateLimit, type SharedRateLimit } from './shared-rate-limit.js'

/**
 * Public endpoints are rate-limited per client address (feeds and rider endpoints are open to anyone; behind a
 * trusted proxy the address is the client's, see trust-proxy.ts); a third-party app with an API key (X-API-Key) gets
 * its key's own limit instead. A client over its limit gets 429 with Retry-After and a message saying when to come
 * back. A key that is not in use (revoked, or never issued) is refused (401), not taken as no key. Every answer says the limit and what is left of it (X-RateLimit-Limit, X-RateLimit-Remaining). Probes are not limited. The counts are shared by every replica (shared-rate-limit.ts): the check itself is
 * a map lookup in a synchronous hook, with no query and no promise per request.
 */
export interface RateLimits {
  perMinute: number
}

const WINDOW_MS = 60_000
const UNLIMITED = new Set(['/healthz', '/readyz'])

/** The limit of a replica on this database: its counts added to PostgreSQL every second. */
export function createDatabaseRateLimit(options: { pool: pg.Pool; now: () => number; onSyncError: (err: unknown) => void; syncEveryMs?: number }): SharedRateLimit {
  return createSharedRateLimit({
    windowMs: WINDOW_MS, syncEveryMs: options.syncEveryMs ?? 1000, maxKeys: 200_000, now: options.now, onSyncError: options.onSyncError,
    store: {
      add: (windowStartMs, hits, watched) => addRateLimitHits(options.pool, new Date(windowStartMs), hits, watched),
      forgetBefore: (windowStartMs) => deleteRateLimitWindowsBefore(options.pool, new Date(windowStartMs)),
    },
  })
}

export function registerRateLimits(app: FastifyInstance, limits: RateLimits, deps: { auth: Auth; limit: SharedRateLimit }): void {
  const { auth, limit } = deps
  app.addHook('onRequest', function rateLimit(request, reply, done) {
    if (UNLIMITED.has(request.url)) return done()
    const apiKey = auth.apiKeyOf(request)
    if (!apiKey && request.headers['x-api-key'] !== undefined) return done(new ApiError('API_INVALID_API_KEY', 'this X-API-Key is not a key in use (revoked, or never issued): ask for a new one, or send none for the anonymous limit'))
    const max = apiKey?.rateLimitPerMinute ?? limits.perMinute
    const decision = limit.hit(apiKey ? `key:${apiKey.keyId}` : `ip:${request.ip}`, max)
    reply.header('x-ratelimit-limit', max).header('x-ratelimit-remaining', Math.max(0, Math.floor(max - decision.count)))
    if (decision.allowed) return done()
    const retryAfterS = Math.ceil(decision.retryAfterMs / 1000)
    reply.header('retry-after', retryAfterS)
    done(new ApiError('API_RATE_LIMITED', `more than ${max} requests a minute from this ${apiKey ? 'API key' : 'address'}: try again in ${retryAfterS} s`))
  })
  app.addHook('onClose', (_app, done) => {
    limit.close()
    done()
  })
}
