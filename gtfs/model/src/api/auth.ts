import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Obj, StringEnum } from './schema.js'

/** Sign-in for dispatchers and admins, and what admins create: accounts and API keys (api/src/auth/auth-routes.ts). */
export const Role = StringEnum(['dispatcher', 'admin'])
export type Role = Static<typeof Role>

export const TokenRequest = Obj({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) })
export type TokenRequest = Static<typeof TokenRequest>
export const TokenResponse = Obj({ token: Type.String({ description: 'send as Authorization: Bearer <token>' }), role: Role, expiresAt: IsoDateTime() })
export type TokenResponse = Static<typeof TokenResponse>

export const AccountRequest = Obj({ username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{3,64}$' }), password: Type.String({ minLength: 10, maxLength: 256 }), role: Role })
export type AccountRequest = Static<typeof AccountRequest>
export const AccountCreated = Obj({ accountId: Type.Integer(), username: Type.String(), role: Role })
export type AccountCreated = Static<typeof AccountCreated>

export const ApiKeyRequest = Obj({ name: Type.String({ minLength: 1, maxLength: 100 }), rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }) })
export type ApiKeyRequest = Static<typeof ApiKeyRequest>
export const ApiKeyCreated = Obj({ keyId: Type.Integer(), name: Type.String(), rateLimitPerMinute: Type.Integer(), key: Type.String({ description: 'send as X-API-Key; shown this once' }) })
export type ApiKeyCreated = Static<typeof ApiKeyCreated>
