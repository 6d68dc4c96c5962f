import type { FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'
import { ApiError } from '../http/api-errors.js'
import { hashApiKey, readApiKeys, type ApiKey } from './accounts.repository.js'
import { verifyToken, type Role, type TokenClaims } from './tokens.js'

/**
 * Who is calling: a dispatcher or admin with a bearer token, a third-party app with an API key (X-API-Key), or
 * anyone. Keys are held in memory (reloaded when one is made) so checking one costs no query.
 */
export interface Auth {
  secret: string
  tokenTtlS: number
  /** A preHandler that lets only these roles through: 401 without a valid token, 403 with the wrong role. */
  requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  apiKeyOf(request: FastifyRequest): ApiKey | null
  reloadApiKeys(): Promise<void>
}

declare module 'fastify' {
  interface FastifyRequest {
    account?: TokenClaims
  }
}

export async function createAuth(options: { pool: pg.Pool; secret: string; tokenTtlS: number; now: () => number }): Promise<Auth> {
  let apiKeys = await readApiKeys(options.pool)
  return {
    secret: options.secret,
    tokenTtlS: options.tokenTtlS,
    requireRole(...roles) {
      return markRoleGuard(async (request) => {
        const header = request.headers.authorization ?? ''
        const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
        const claims = token ? verifyToken(token, options.secret, options.now()) : null
        if (!claims) throw new ApiError('API_UNAUTHENTICATED', 'this needs a dispatcher account: send Authorization: Bearer <token> (POST /api/v1/auth/token gives one)')
        if (!roles.includes(claims.role)) throw new ApiError('API_FORBIDDEN', `this needs the ${roles.join(' or ')} role; ${claims.sub} is ${claims.role === 'admin' ? 'an' : 'a'} ${claims.role}`)
        request.account = claims
      })
    },
    apiKeyOf(request) {
      const key = request.headers['x-api-key']
      return typeof key === 'string' && key ? (apiKeys.get(hashApiKey(key)) ?? null) : null
    },
    async reloadApiKeys() {
      apiKeys = await readApiKeys(options.pool)
    },
  }
}

const ROLE_GUARD = Symbol('masar.roleGuard')
type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

function markRoleGuard(guard: Guard): Guard {
  return Object.assign(guard, { [ROLE_GUARD]: true })
}

/** A preHandler made by requireRole (moved to onRequest by register-security.ts, so it runs before the body is read). */
export function isRoleGuard(handler: unknown): handler is Guard {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[ROLE_GUARD] === true
}
