import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import { ApiError } from '../http/api-errors.js'
import {
  changePassword, countAccounts, type Account as StoredAccount, findAccount, insertAccount, insertApiKey, listApiKeys, revokeApiKey, revokeTokens, storeRehash, updateAccount,
} from './accounts.repository.js'
import type { Auth } from './auth.js'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottle, type Lockout } from './login-throttle.js'
import type { PasswordHasher } from './passwords.js'
import {
  Account, AccountChange, AccountCreated, AccountParams, AccountRequest, ApiKeyCreated, ApiKeyParams, ApiKeyRequest, ApiKeysResponse, PasswordChangeRequest, TokenRequest, TokenResponse,
} from '@masar/model/api/auth'

/**
 * POST /api/v1/auth/token (sign in), /auth/logout, /auth/password; for admins: POST and PATCH /api/v1/accounts,
 * POST, GET and DELETE /api/v1/api-keys.
 */
export interface AuthOptions {
  pool: pg.Pool
  auth: Auth
  now: () => number
  loginThrottle?: LoginThrottle
}

const NO_CONTENT = { description: 'done', type: 'null' } as const

function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000)
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`
}

function lockedOut(lockout: Lockout): ApiError {
  const what = { pair: 'for this username from this address', address: 'from this address', username: 'for this username (from anywhere)' }[lockout.by]
  return new ApiError('API_AUTH_LOCKED_OUT', `too many failed sign-ins ${what}: try again in ${formatWait(lockout.retryAfterMs)}`)
}

export const authPlugin: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const { pool, auth, now } = options
  const { passwords } = auth
  const throttle = options.loginThrottle ?? createLoginThrottle(pool, { limits: DEFAULT_LOGIN_THROTTLE, now })
  const signedIn = auth.requireRole('dispatcher', 'admin')
  const admin = auth.requireRole('admin')

  /** Checks a password through the throttle: the account when it is right. Unknown users cost the same work. */
  async function checkPassword(username: string, password: string, ip: string, log: { warn(details: object, message: string): void }): Promise<{ lockout: Lockout } | { wrong: true } | { account: StoredAccount }> {
    const begun = await throttle.begin(username, ip)
    if ('lockout' in begun) {
      log.warn({ username, ip, lockedBy: begun.lockout.by }, 'sign-in refused: throttled')
      return { lockout: begun.lockout }
    }
    const account = await findAccount(pool, username)
    const check = account ? await passwords.verify(password, account.passwordHash) : await passwords.verifyNothing(password)
    if (!account || !check.valid) {
      await begun.attempt.failed()
      log.warn({ username, ip, reason: account ? 'wrong_password' : 'unknown_username' }, 'sign-in failed')
      return { wrong: true }
    }
    await begun.attempt.succeeded()
    if (check.needsRehash) await storeRehash(pool, account.accountId, account.passwordHash, await passwords.hash(password))
    return { account }
  }

  app.post<{ Body: TokenRequest }>('/api/v1/auth/token', {
    schema: {
      tags: ['auth'], operationId: 'signIn', body: TokenRequest, response: { 200: TokenResponse },
      summary: 'Sign in: a bearer token for the dispatcher API (failures slow further attempts from the same address: 429 with Retry-After)',
    },
  }, async (request, reply): Promise<TokenResponse> => {
    const checked = await checkPassword(request.body.username, request.body.password, request.ip, request.log)
    if ('lockout' in checked) {
      reply.header('retry-after', String(Math.ceil(checked.lockout.retryAfterMs / 1000)))
      throw lockedOut(checked.lockout)
    }
    if ('wrong' in checked) throw new ApiError('API_INVALID_CREDENTIALS', 'the username or password is wrong')
    return auth.issue(checked.account)
  })

  app.post('/api/v1/auth/logout', {
    preHandler: signedIn,
    schema: { tags: ['auth'], operationId: 'signOut', summary: 'Sign out: every token of this account is refused from now on, by every replica', response: { 204: NO_CONTENT } },
  }, async (request, reply) => {
    await revokeTokens(pool, request.account!.aid)
    return reply.code(204).send()
  })

  app.post<{ Body: PasswordChangeRequest }>('/api/v1/auth/password', {
    preHandler: signedIn,
    schema: {
      tags: ['auth'], operationId: 'changePassword', body: PasswordChangeRequest, response: { 200: TokenResponse },
      summary: 'Change one\'s own password (the current one is needed): every other token of the account is refused from now on; the answer is a fresh one',
    },
  }, async (request, reply): Promise<TokenResponse> => {
    const { sub, aid } = request.account!
    // Through the sign-in throttle: a stolen token must not be a way to guess the password behind it.
    const checked = await checkPassword(sub, request.body.currentPassword, request.ip, request.log)
    if ('lockout' in checked) {
      reply.header('retry-after', String(Math.ceil(checked.lockout.retryAfterMs / 1000)))
      throw lockedOut(checked.lockout)
    }
    if ('wrong' in checked || checked.account.accountId !== aid) throw new ApiError('API_WRONG_PASSWORD', 'the current password is wrong')
    const changed = await changePassword(pool, aid, await passwords.hash(request.body.newPassword))
    if (!changed) throw new ApiError('API_UNAUTHENTICATED', 'this account is disabled')
    request.log.info({ username: sub }, 'password changed: earlier tokens revoked')
    return auth.issue(changed)
  })

  app.post<{ Body: AccountRequest }>('/api/v1/accounts', {
    preHandler: admin,
    schema: { tags: ['auth'], operationId: 'createAccount', summary: 'Admin: create a dispatcher or admin account', body: AccountRequest, response: { 201: AccountCreated } },
  }, async (request, reply) => {
    const accountId = await insertAccount(pool, request.body.username, await passwords.hash(request.body.password), request.body.role)
    if (accountId === null) throw new ApiError('API_ACCOUNT_EXISTS', `an account "${request.body.username}" already exists`)
    return reply.code(201).send({ accountId, username: request.body.username, role: request.body.role } satisfies AccountCreated)
  })

  app.patch<{ Params: AccountParams; Body: AccountChange }>('/api/v1/accounts/:username', {
    preHandler: admin,
    schema: {
      tags: ['auth'], operationId: 'updateAccount', params: AccountParams, body: AccountChange, response: { 200: Account },
      summary: 'Admin: disable or enable an account, or change its role; its tokens are refused from now on (it signs in again)',
    },
  }, async (request): Promise<Account> => {
    const updated = await updateAccount(pool, request.params.username, request.body)
    if ('refused' in updated) {
      if (updated.refused === 'not-found') throw new ApiError('API_ACCOUNT_NOT_FOUND', `no account "${request.params.username}"`)
      throw new ApiError('API_LAST_ADMIN', 'this would leave no enabled admin account: make another admin first')
    }
    request.log.info({ username: updated.account.username, change: request.body, by: request.account!.sub }, 'account changed: its tokens revoked')
    return updated.account
  })

  app.post<{ Body: ApiKeyRequest }>('/api/v1/api-keys', {
    preHandler: admin,
    schema: { tags: ['auth'], operationId: 'createApiKey', summary: 'Admin: a key for a third-party app, with its own rate limit (the key is shown once)', body: ApiKeyRequest, response: { 201: ApiKeyCreated } },
  }, async (request, reply) => {
    const { key, apiKey } = await insertApiKey(pool, request.body.name, request.body.rateLimitPerMinute)
    await auth.reloadApiKeys()
    return reply.code(201).send({ ...apiKey, key } satisfies ApiKeyCreated)
  })

  app.get('/api/v1/api-keys', {
    preHandler: admin,
    schema: { tags: ['auth'], operationId: 'listApiKeys', summary: 'Admin: every API key, revoked ones too (never the keys themselves)', response: { 200: ApiKeysResponse } },
  }, async (): Promise<ApiKeysResponse> => ({
    apiKeys: (await listApiKeys(pool)).map((k) => ({ keyId: k.keyId, name: k.name, rateLimitPerMinute: k.rateLimitPerMinute, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null })),
  }))

  app.delete<{ Params: ApiKeyParams }>('/api/v1/api-keys/:id', {
    preHandler: admin,
    schema: { tags: ['auth'], operationId: 'revokeApiKey', summary: 'Admin: revoke an API key: refused by every replica at once', params: ApiKeyParams, response: { 204: NO_CONTENT } },
  }, async (request, reply) => {
    if (!(await revokeApiKey(pool, request.params.id))) throw new ApiError('API_API_KEY_NOT_FOUND', `no API key ${request.params.id}`)
    await auth.reloadApiKeys() // here at once; the other replicas on the NOTIFY of migration 0014
    request.log.info({ keyId: request.params.id, by: request.account!.sub }, 'API key revoked')
    return reply.code(204).send()
  })
}

/** On a first start (no account yet), the admin named in the configuration is created. */
export async function createFirstAdmin(pool: pg.Pool, admin: { username: string; password: string } | null, passwords: PasswordHasher): Promise<boolean> {
  if (!admin) return false
  if ((await countAccounts(pool)) > 0) return false
  return (await insertAccount(pool, admin.username, await passwords.hash(admin.password), 'admin')) !== null
}
