import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import { ApiError } from '../http/api-errors.js'
import { countAccounts, findAccount, insertAccount, insertApiKey } from './accounts.repository.js'
import type { Auth } from './auth.js'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './login-throttle.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { issueToken } from './tokens.js'
import { AccountCreated, AccountRequest, ApiKeyCreated, ApiKeyRequest, TokenRequest, TokenResponse } from '@masar/model/api/auth'

/** POST /api/v1/auth/token (log in), and for admins: POST /api/v1/accounts, POST /api/v1/api-keys. */
export interface AuthOptions {
  pool: pg.Pool
  auth: Auth
  now: () => number
  loginThrottle?: LoginThrottle
}

export const authPlugin: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const { pool, auth, now } = options
  const throttle = options.loginThrottle ?? createLoginThrottle(pool, { ...DEFAULT_LOGIN_THROTTLE, now })
  app.post<{ Body: TokenRequest }>('/api/v1/auth/token', {
    schema: {
      tags: ['auth'], operationId: 'signIn', summary: 'Log in: a bearer token for the dispatcher API (5 failures for a username in 15 min lock it for 15 min: 429)',
      body: TokenRequest, response: { 200: TokenResponse },
    },
  }, async (request, reply): Promise<TokenResponse> => {
    const { username } = request.body
    const begun = await throttle.begin(username, request.ip)
    if ('lockout' in begun) {
      const { lockout } = begun
      const retryAfterS = Math.ceil(lockout.retryAfterMs / 1000)
      request.log.warn({ username, ip: request.ip, lockedBy: lockout.by }, 'sign-in refused: locked out')
      reply.header('retry-after', String(retryAfterS))
      throw new ApiError('API_AUTH_LOCKED_OUT', `too many failed sign-ins ${lockout.by === 'username' ? 'for this username' : 'from this address'}: try again in ${Math.ceil(retryAfterS / 60)} min`)
    }
    const account = await findAccount(pool, username)
    // The same answer, and the same work, for an unknown user and a wrong password.
    const valid = await verifyPassword(request.body.password, account?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
    if (!account || !valid) {
      await begun.attempt.failed()
      request.log.warn({ username, ip: request.ip, reason: account ? 'wrong_password' : 'unknown_username' }, 'sign-in failed')
      throw new ApiError('API_INVALID_CREDENTIALS', 'the username or password is wrong')
    }
    await begun.attempt.succeeded()
    const exp = Math.floor(now() / 1000) + auth.tokenTtlS
    return { token: issueToken({ sub: account.username, role: account.role, exp }, auth.secret), role: account.role, expiresAt: new Date(exp * 1000).toISOString() }
  })

  app.post<{ Body: AccountRequest }>('/api/v1/accounts', {
    preHandler: auth.requireRole('admin'),
    schema: { tags: ['auth'], operationId: 'createAccount', summary: 'Admin: create a dispatcher or admin account', body: AccountRequest, response: { 201: AccountCreated } },
  }, async (request, reply) => {
    const accountId = await insertAccount(pool, request.body.username, await hashPassword(request.body.password), request.body.role)
    if (accountId === null) throw new ApiError('API_ACCOUNT_EXISTS', `an account "${request.body.username}" already exists`)
    return reply.code(201).send({ accountId, username: request.body.username, role: request.body.role } satisfies AccountCreated)
  })

  app.post<{ Body: ApiKeyRequest }>('/api/v1/api-keys', {
    preHandler: auth.requireRole('admin'),
    schema: { tags: ['auth'], operationId: 'createApiKey', summary: 'Admin: a key for a third-party app, with its own rate limit (the key is shown once)', body: ApiKeyRequest, response: { 201: ApiKeyCreated } },
  }, async (request, reply) => {
    const { key, apiKey } = await insertApiKey(pool, request.body.name, request.body.rateLimitPerMinute)
    await auth.reloadApiKeys()
    return reply.code(201).send({ ...apiKey, key } satisfies ApiKeyCreated)
  })
}

/** On a first start (no account yet), the admin named in the configuration is created. */
export async function createFirstAdmin(pool: pg.Pool, admin: { username: string; password: string } | null): Promise<boolean> {
  if (!admin) return false
  if ((await countAccounts(pool)) > 0) return false
  return (await insertAccount(pool, admin.username, await hashPassword(admin.password), 'admin')) !== null
}
