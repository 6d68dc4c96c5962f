import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { Role } from './tokens.js'

/** Accounts and API keys in the database; a key is returned once, at creation, and kept only as its hash. */
export interface Account {
  accountId: number
  username: string
  passwordHash: string
  role: Role
  tokenGeneration: number
}

/** What a token is checked against, each request: the account as it is now. */
export interface TokenAccount {
  username: string
  role: Role
  tokenGeneration: number
  disabled: boolean
}

export interface ApiKey {
  keyId: number
  name: string
  rateLimitPerMinute: number
}

export interface ApiKeyRecord extends ApiKey {
  createdAt: Date
  revokedAt: Date | null
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex')

type AccountRow = { account_id: number; username: string; password_hash: string; role: Role; token_generation: number }
const accountOf = (row: AccountRow): Account => ({ accountId: row.account_id, username: row.username, passwordHash: row.password_hash, role: row.role, tokenGeneration: row.token_generation })

export async function countAccounts(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_accounts')
  return rows[0]!.n
}

/** An enabled account by its username. */
export async function findAccount(db: pg.Pool, username: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>('SELECT account_id, username, password_hash, role, token_generation FROM api_accounts WHERE username = $1 AND disabled_at IS NULL', [username])
  return rows[0] ? accountOf(rows[0]) : null
}

/** By primary key: one index lookup, each authenticated request. */
export async function readTokenAccount(db: pg.Pool, accountId: number): Promise<TokenAccount | null> {
  const { rows } = await db.query<{ username: string; role: Role; token_generation: number; disabled: boolean }>(
    'SELECT username, role, token_generation, disabled_at IS NOT NULL AS disabled FROM api_accounts WHERE account_id = $1', [accountId],
  )
  const row = rows[0]
  return row ? { username: row.username, role: row.role, tokenGeneration: row.token_generation, disabled: row.disabled } : null
}

export async function insertAccount(db: pg.Pool, username: string, passwordHash: string, role: Role): Promise<number | null> {
  const { rows } = await db.query<{ account_id: number }>(
    'INSERT INTO api_accounts (username, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING account_id', [username, passwordHash, role],
  )
  return rows[0]?.account_id ?? null
}

/** Revokes every token of the account (signing out): its new token generation. */
export async function revokeTokens(db: pg.Pool, accountId: number): Promise<number | null> {
  const { rows } = await db.query<{ token_generation: number }>('UPDATE api_accounts SET token_generation = token_generation + 1 WHERE account_id = $1 RETURNING token_generation', [accountId])
  return rows[0]?.token_generation ?? null
}

/** A new password, revoking every token issued before: the account after (null if it is gone or disabled). */
export async function changePassword(db: pg.Pool, accountId: number, passwordHash: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(
    `UPDATE api_accounts SET password_hash = $2, token_generation = token_generation + 1 WHERE account_id = $1 AND disabled_at IS NULL
     RETURNING account_id, username, password_hash, role, token_generation`, [accountId, passwordHash],
  )
  return rows[0] ? accountOf(rows[0]) : null
}

/** The same password hashed at a higher cost; not if the password was changed meanwhile. Tokens stay valid. */
export async function storeRehash(db: pg.Pool, accountId: number, oldHash: string, newHash: string): Promise<void> {
  await db.query('UPDATE api_accounts SET password_hash = $3 WHERE account_id = $1 AND password_hash = $2', [accountId, oldHash, newHash])
}

export type AccountUpdate =
  | { account: { accountId: number; username: string; role: Role; disabled: boolean } }
  | { refused: 'not-found' | 'last-admin' }

/**
 * An admin's change to an account (disable or enable it, change its role), revoking its tokens. Refused when it
 * would leave no enabled admin; account changes are serialised (a table lock, they are rare) so two admins
 * demoting each other at once cannot both succeed.
 */
export async function updateAccount(db: pg.Pool, username: string, change: { disabled?: boolean; role?: Role }): Promise<AccountUpdate> {
  const client = await db.connect()
  try {
    await client.query('BEGIN')
    await client.query('LOCK TABLE api_accounts IN SHARE ROW EXCLUSIVE MODE')
    const { rows } = await client.query<{ account_id: number; username: string; role: Role; disabled: boolean }>(
      `UPDATE api_accounts SET
         role = COALESCE($2, role),
         disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3 THEN COALESCE(disabled_at, now()) END,
         token_generation = token_generation + 1
       WHERE username = $1
       RETURNING account_id, username, role, disabled_at IS NOT NULL AS disabled`, [username, change.role ?? null, change.disabled ?? null],
    )
    const row = rows[0]
    if (!row) {
      await client.query('ROLLBACK')
      return { refused: 'not-found' }
    }
    const { rows: admins } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM api_accounts WHERE role = 'admin' AND disabled_at IS NULL")
    if (admins[0]!.n === 0) {
      await client.query('ROLLBACK')
      return { refused: 'last-admin' }
    }
    await client.query('COMMIT')
    return { account: { accountId: row.account_id, username: row.username, role: row.role, disabled: row.disabled } }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

export async function insertApiKey(db: pg.Pool, name: string, rateLimitPerMinute: number): Promise<{ key: string; apiKey: ApiKey }> {
  const key = `msr_${randomBytes(24).toString('base64url')}`
  const { rows } = await db.query<{ key_id: number }>('INSERT INTO api_keys (name, key_hash, rate_limit_per_minute) VALUES ($1, $2, $3) RETURNING key_id', [name, hashApiKey(key), rateLimitPerMinute])
  return { key, apiKey: { keyId: rows[0]!.key_id, name, rateLimitPerMinute } }
}

/** The keys in use, by their hash. */
export async function readApiKeys(db: pg.Pool): Promise<Map<string, ApiKey>> {
  const { rows } = await db.query<{ key_id: number; name: string; key_hash: string; rate_limit_per_minute: number }>('SELECT key_id, name, key_hash, rate_limit_per_minute FROM api_keys WHERE revoked_at IS NULL')
  return new Map(rows.map((r) => [r.key_hash, { keyId: r.key_id, name: r.name, rateLimitPerMinute: r.rate_limit_per_minute }]))
}

/** Every key ever made (not the keys themselves: only their hashes are kept), newest first. */
export async function listApiKeys(db: pg.Pool): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<{ key_id: number; name: string; rate_limit_per_minute: number; created_at: Date; revoked_at: Date | null }>(
    'SELECT key_id, name, rate_limit_per_minute, created_at, revoked_at FROM api_keys ORDER BY key_id DESC',
  )
  return rows.map((r) => ({ keyId: r.key_id, name: r.name, rateLimitPerMinute: r.rate_limit_per_minute, createdAt: r.created_at, revokedAt: r.revoked_at }))
}

/** Revokes a key (again: no change): false if there is no such key. Migration 0014's trigger tells every replica. */
export async function revokeApiKey(db: pg.Pool, keyId: number): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE key_id = $1', [keyId])
  return (rowCount ?? 0) > 0
}
