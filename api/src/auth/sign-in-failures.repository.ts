import type pg from 'pg'

/**
 * Sign-in attempts per throttle key (migrations 0012 and 0014, api_sign_in_failures), shared by every api replica.
 * Keys are 'p:<username>|<address>', 'a:<address>' or 'u:<username>' (login-throttle.ts). The rows of one attempt
 * are read and written in one transaction holding them locked, so parallel attempts on any replicas are decided
 * one after the other.
 */
export interface ThrottleRow {
  key: string
  /** Attempts counted (those in progress included) since the row was last forgotten. */
  failures: number
  lastAttemptMs: number
  /** No attempt before this (null: never held back since the row was forgotten). */
  lockedUntilMs: number | null
}

export interface ThrottleChanges<T> {
  result: T
  writes?: ThrottleRow[]
  deletes?: string[]
}

/**
 * Runs `decide` on the rows of `keys` (made, with no attempts, if missing; locked in key order, so two attempts
 * never wait for each other's rows crosswise) and writes back what it returns, in one transaction.
 */
export async function changeThrottleRows<T>(db: pg.Pool, keys: readonly string[], nowMs: number, decide: (rows: ThrottleRow[]) => ThrottleChanges<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort()
  const client = await db.connect()
  try {
    await client.query('BEGIN')
    await client.query(
      'INSERT INTO api_sign_in_failures (throttle_key, failures, last_attempt_at) SELECT k, 0, $2 FROM unnest($1::text[]) AS k ORDER BY k ON CONFLICT (throttle_key) DO NOTHING',
      [sorted, new Date(nowMs)],
    )
    const { rows } = await client.query<{ throttle_key: string; failures: number; last_attempt_at: Date; locked_until: Date | null }>(
      'SELECT throttle_key, failures, last_attempt_at, locked_until FROM api_sign_in_failures WHERE throttle_key = ANY($1::text[]) ORDER BY throttle_key FOR UPDATE', [sorted],
    )
    const changes = decide(rows.map((row) => ({ key: row.throttle_key, failures: row.failures, lastAttemptMs: row.last_attempt_at.getTime(), lockedUntilMs: row.locked_until?.getTime() ?? null })))
    const writes = changes.writes ?? []
    if (writes.length) {
      await client.query(
        `UPDATE api_sign_in_failures AS f SET failures = v.failures, last_attempt_at = v.last_attempt_at, locked_until = v.locked_until
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(throttle_key, failures, last_attempt_at, locked_until)
         WHERE f.throttle_key = v.throttle_key`,
        [writes.map((w) => w.key), writes.map((w) => w.failures), writes.map((w) => new Date(w.lastAttemptMs)), writes.map((w) => (w.lockedUntilMs === null ? null : new Date(w.lockedUntilMs)))],
      )
    }
    if (changes.deletes?.length) await client.query('DELETE FROM api_sign_in_failures WHERE throttle_key = ANY($1::text[])', [changes.deletes])
    await client.query('COMMIT')
    return changes.result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** How long after its last attempt each kind of key is forgotten, by key prefix ('p:', 'a:', 'u:'). */
export type ForgetAfterMs = Record<'p:' | 'a:' | 'u:', number>

/** Deletes the rows that are forgotten and not holding anyone back. */
export async function deleteForgottenSignInFailures(db: pg.Pool, nowMs: number, forgetAfterMs: ForgetAfterMs): Promise<void> {
  await db.query(
    `DELETE FROM api_sign_in_failures WHERE (locked_until IS NULL OR locked_until <= $1)
       AND last_attempt_at <= $1 - make_interval(secs => CASE left(throttle_key, 2) WHEN 'p:' THEN $2::float8 WHEN 'a:' THEN $3::float8 ELSE $4::float8 END / 1000)`,
    [new Date(nowMs), forgetAfterMs['p:'], forgetAfterMs['a:'], forgetAfterMs['u:']],
  )
}
