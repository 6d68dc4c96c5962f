import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { Role } from './tokens.js'

/** Accounts and API keys in the database; a key is returned once, at creation, and kept only as its hash. */
export interface Account {
  accountId: number
  username: string
  passwordHash: string
  role: Role
}

export interface ApiKey {
  keyId: number
  name: string
  rateLimitPerMinute: number
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')

export async function countAccounts(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_accounts')
  return rows[0]!.n
}

export async function findAccount(db: pg.Pool, username: string): Promise<Account | null> {
  const { rows } = await db.query<{ account_id: number; username: string; password_hash: string; role: Role }>(
    'SELECT account_id, username, password_hash, role FROM api_accounts WHERE username = $1 AND disabled_at IS NULL', [username],
  )
  const row = rows[0]
  return row ? { accountId: row.account_id, username: row.username, passwordHash: row.password_hash, role: row.role } : null
}

export async function insertAccount(db: pg.Pool, username: string, passwordHash: string, role: Role): Promise<number | null> {
  const { rows } = await db.query<{ account_id: number }>(
    'INSERT INTO api_accounts (username, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING account_id', [username, passwordHash, role],
  )
  return rows[0]?.account_id ?? null
}

export async function insertApiKey(db: pg.Pool, name: string, rateLimitPerMinute: number): Promise<{ key: string; apiKey: ApiKey }> {
  const key = `msr_${randomBytes(24).toString('base64url')}`
  const { rows } = await db.query<{ key_id: number }>('INSERT INTO api_keys (name, key_hash, rate_limit_per_minute) VALUES ($1, $2, $3) RETURNING key_id', [name, hashApiKey(key), rateLimitPerMinute])
  return { key, apiKey: { keyId: rows[0]!.key_id, name, rateLimitPerMinute } }
}

export async function readApiKeys(db: pg.Pool): Promise<Map<string, ApiKey>> {
  const { rows } = await db.query<{ key_id: number; name: string; key_hash: string; rate_limit_per_minute: number }>('SELECT key_id, name, key_hash, rate_limit_per_minute FROM api_keys WHERE revoked_at IS NULL')
  return new Map(rows.map((r) => [r.key_hash, { keyId: r.key_id, name: r.name, rateLimitPerMinute: r.rate_limit_per_minute }]))
}
