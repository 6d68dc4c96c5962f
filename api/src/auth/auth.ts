import type { FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'
import { ApiError } from '../http/api-errors.js'
import { hashApiKey, readApiKeys, type ApiKey } from './accounts.repository.js'
import { verifyToken, type Role, type TokenClaims } from './tokens.js'
import { LIVE_BEARER_PROTOCOL_PREFIX } from '@masar/model/api/live'

/**
 * Who is calling: a dispatcher or admin with a bearer token, a third-party app with an API key (X-API-Key), or
 * anyone. Keys are held in memory (reloaded when one is made) so checking one costs no query.
 */
export interface Auth {
  secret: string
  tokenTtlS: number
  /** A preHandler that lets only these roles through: 401 without a valid token, 403 with the wrong role. */
  requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  /**
   * The account of the bearer token the request carries (bearerTokenOf), verified as requireRole verifies it; null
   * when it carries none. A token that is not valid (forged, expired) throws API_UNAUTHENTICATED: a caller who
   * offers a credential is never quietly served as anonymous.
   */
  accountOf(request: FastifyRequest): Promise<TokenClaims | null>
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
  const unauthenticated = () => new ApiError('API_UNAUTHENTICATED', 'this needs a dispatcher account: send Authorization: Bearer <token> (POST /api/v1/auth/token gives one)')
  const accountOf = async (request: FastifyRequest): Promise<TokenClaims | null> => {
    const token = bearerTokenOf(request)
    if (token === null) return null
    const claims = verifyToken(token, options.secret, options.now())
    if (!claims) throw unauthenticated()
    return claims
  }
  return {
    secret: options.secret,
    tokenTtlS: options.tokenTtlS,
    requireRole(...roles) {
      return markRoleGuard(async (request) => {
        const claims = await accountOf(request)
        if (!claims) throw unauthenticated()
        if (!roles.includes(claims.role)) throw new ApiError('API_FORBIDDEN', `this needs the ${roles.join(' or ')} role; ${claims.sub} is ${claims.role === 'admin' ? 'an' : 'a'} ${claims.role}`)
        request.account = claims
      })
    },
    accountOf,
    apiKeyOf(request) {
      const key = request.headers['x-api-key']
      return typeof key === 'string' && key ? (apiKeys.get(hashApiKey(key)) ?? null) : null
    },
    async reloadApiKeys() {
      apiKeys = await readApiKeys(options.pool)
    },
  }
}

/**
 * The bearer token a request carries: `Authorization: Bearer <token>`, or on a WebSocket upgrade (a browser cannot
 * set that header there) the subprotocol `masar.bearer.<token>` it offers in Sec-WebSocket-Protocol. Null: none
 * (another scheme, such as the Basic credentials a browser resends to a site behind a password, is not ours).
 */
export function bearerTokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  const offered = request.headers['sec-websocket-protocol']
  if (typeof offered !== 'string' || request.headers.upgrade?.toLowerCase() !== 'websocket') return null
  const entry = offered.split(',').map((item) => item.trim()).find((item) => item.startsWith(LIVE_BEARER_PROTOCOL_PREFIX))
  return entry === undefined ? null : entry.slice(LIVE_BEARER_PROTOCOL_PREFIX.length)
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
