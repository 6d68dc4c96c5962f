import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj, StringEnum } from './schema.js'

/**
 * Sign-in for dispatchers and admins (signing out, changing one's password), and what admins manage: accounts and
 * API keys (api/src/auth/auth-plugin.ts).
 */
export const Role = StringEnum(['dispatcher', 'admin'])
export type Role = Static<typeof Role>

const Username = Type.String({ pattern: '^[A-Za-z0-9_.@-]{3,64}$' })
const NewPassword = Type.String({ minLength: 10, maxLength: 256 })

export const TokenRequest = Obj({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) })
export type TokenRequest = Static<typeof TokenRequest>
export const TokenResponse = Obj({ token: Type.String({ description: 'send as Authorization: Bearer <token>' }), role: Role, expiresAt: IsoDateTime() })
export type TokenResponse = Static<typeof TokenResponse>

export const PasswordChangeRequest = Obj({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: NewPassword })
export type PasswordChangeRequest = Static<typeof PasswordChangeRequest>

export const AccountRequest = Obj({ username: Username, password: NewPassword, role: Role })
export type AccountRequest = Static<typeof AccountRequest>
export const AccountCreated = Obj({ accountId: Type.Integer(), username: Type.String(), role: Role })
export type AccountCreated = Static<typeof AccountCreated>

export const AccountParams = Obj({ username: Username })
export type AccountParams = Static<typeof AccountParams>
export const AccountChange = Obj({
  disabled: Type.Optional(Type.Boolean({ description: 'true: the account can no longer sign in, and its tokens are refused at once' })),
  role: Type.Optional(Role),
}, { minProperties: 1 })
export type AccountChange = Static<typeof AccountChange>
export const Account = Obj({ accountId: Type.Integer(), username: Type.String(), role: Role, disabled: Type.Boolean() })
export type Account = Static<typeof Account>

export const ApiKeyRequest = Obj({ name: Type.String({ minLength: 1, maxLength: 100 }), rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }) })
export type ApiKeyRequest = Static<typeof ApiKeyRequest>
export const ApiKeyCreated = Obj({ keyId: Type.Integer(), name: Type.String(), rateLimitPerMinute: Type.Integer(), key: Type.String({ description: 'send as X-API-Key; shown this once' }) })
export type ApiKeyCreated = Static<typeof ApiKeyCreated>

export const ApiKeyParams = Obj({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'key_id is a 32-bit serial' }) })
export type ApiKeyParams = Static<typeof ApiKeyParams>
export const ApiKeyInfo = Obj({
  keyId: Type.Integer(), name: Type.String(), rateLimitPerMinute: Type.Integer(), createdAt: IsoDateTime(),
  revokedAt: Nullable(IsoDateTime(), 'when it was revoked; null: in use'),
})
export type ApiKeyInfo = Static<typeof ApiKeyInfo>
export const ApiKeysResponse = Obj({ apiKeys: Type.Array(ApiKeyInfo, { description: 'every key ever made, newest first; the keys themselves are never shown again' }) })
export type ApiKeysResponse = Static<typeof ApiKeysResponse>
