import type { FastifyReply, FastifyRequest } from 'fastify'
import type pg from 'pg'
import { ApiError } from '../http/api-errors.js'
import { isDatabaseUnavailable } from '../db/database-unavailable.js'
import { hashApiKey, readApiKeys, readTokenAccount, type ApiKey, type TokenAccount } from './accounts.repository.js'
import { createPasswordHasher, type PasswordHasher } from './passwords.js'
import { issueToken, verifyToken, type Role, type TokenClaims } from './tokens.js'
import { LIVE_BEARER_PROTOCOL_PREFIX } from '@masar/model/api/live'

/**
 * Who is calling: a dispatcher or admin with a bearer token, a third-party app with an API key (X-API-Key), or
 * anyone.
 *
 * A token is checked against its account on every request (one primary-key lookup): it is refused once the account
 * is disabled, its role changed, or its token generation moved on (signed out, password changed), by every replica
 * at once, with no cache to wait out. While the database is away, this replica goes by what it last read of the
 * account if that was at most REVOCATION_FALLBACK_MS before its last successful read of any: a dispatcher keeps
 * the fleet view through an outage, and nobody can be revoked during one anyway (revoking needs the database).
 *
 * Keys are held in memory, so checking one costs no query; every replica reads them again when one changes
 * (api-key-changes.ts).
 */
export interface Auth {
  secret: string
  tokenTtlS: number
  passwords: PasswordHasher
  /** A preHandler that lets only these roles through: 401 without a valid token, 403 with the wrong role. */
  requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  /** A token for an account as the database has it now. */
  issue(account: { accountId: number; username: string; role: Role; tokenGeneration: number }): { token: string; role: Role; expiresAt: string }
  /**
   * The account of the bearer token the request carries (bearerTokenOf), verified as requireRole verifies it (its
   * signature, expiry and the account as it is now); null when it carries none. A token that is not valid (forged,
   * expired, revoked) throws API_UNAUTHENTICATED: a caller who offers a credential is never quietly served as anonymous.
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

/** How old a replica's last read of an account may be, before the database went away, to be trusted during the outage. */
export const REVOCATION_FALLBACK_MS = 60_000

export interface AuthOptions {
  pool: pg.Pool
  secret: string
  tokenTtlS: number
  now: () => number
  /** Defaults to the default cost (API_PASSWORD_SCRYPT_N). */
  passwords?: PasswordHasher
  /** False while the database is known to be away (db/database-health.ts): the fallback is used without a query. */
  databaseAvailable?: () => boolean
}

export async function createAuth(options: AuthOptions): Promise<Auth> {
  const { pool, now } = options
  let apiKeys = await readApiKeys(pool)
  const lastRead = new Map<number, { account: TokenAccount; atMs: number }>()
  let lastReadMs = -Infinity

  /** The account as it is now; during a database outage, as last read here if that was recent enough. */
  async function currentAccount(accountId: number): Promise<TokenAccount | null> {
    const fallback = (): TokenAccount | null => {
      const known = lastRead.get(accountId)
      return known && known.atMs >= lastReadMs - REVOCATION_FALLBACK_MS ? known.account : null
    }
    if (options.databaseAvailable?.() === false && fallback()) return fallback()
    try {
      const account = await readTokenAccount(pool, accountId)
      lastReadMs = now()
      if (account) lastRead.set(accountId, { account, atMs: lastReadMs })
      else lastRead.delete(accountId)
      return account
    } catch (err) {
      const known = fallback()
      if (isDatabaseUnavailable(err) && known) return known
      throw err
    }
  }

  const unauthenticated = () => new ApiError('API_UNAUTHENTICATED', 'this needs a dispatcher account: send Authorization: Bearer <token> (POST /api/v1/auth/token gives one)')
  const accountOf = async (request: FastifyRequest): Promise<TokenClaims | null> => {
    const token = bearerTokenOf(request)
    if (token === null) return null
    const claims = verifyToken(token, options.secret, now())
    if (!claims) throw unauthenticated()
    const account = await currentAccount(claims.aid)
    if (!account || account.username !== claims.sub || account.disabled || account.role !== claims.role || account.tokenGeneration !== claims.gen) {
      throw new ApiError('API_UNAUTHENTICATED', 'this token has been revoked (signed out, password changed, account disabled or its role changed): sign in again')
    }
    return claims
  }

  return {
    secret: options.secret,
    tokenTtlS: options.tokenTtlS,
    passwords: options.passwords ?? createPasswordHasher(),
    requireRole(...roles) {
      return markRoleGuard(async (request) => {
        const claims = await accountOf(request)
        if (!claims) throw unauthenticated()
        if (!roles.includes(claims.role)) throw new ApiError('API_FORBIDDEN', `this needs the ${roles.join(' or ')} role; ${claims.sub} is ${claims.role === 'admin' ? 'an' : 'a'} ${claims.role}`)
        request.account = claims
      })
    },
    issue(account) {
      const iat = Math.floor(now() / 1000)
      const exp = iat + options.tokenTtlS
      lastRead.set(account.accountId, { account: { username: account.username, role: account.role, tokenGeneration: account.tokenGeneration, disabled: false }, atMs: now() })
      lastReadMs = now()
      const token = issueToken({ sub: account.username, aid: account.accountId, role: account.role, gen: account.tokenGeneration, iat, exp }, options.secret)
      return { token, role: account.role, expiresAt: new Date(exp * 1000).toISOString() }
    },
    accountOf,
    apiKeyOf(request) {
      const key = request.headers['x-api-key']
      return typeof key === 'string' && key ? (apiKeys.get(hashApiKey(key)) ?? null) : null
    },
    async reloadApiKeys() {
      apiKeys = await readApiKeys(pool)
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
