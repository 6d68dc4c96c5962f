import type pg from 'pg'

/**
 * Failed sign-ins per throttle key (migration 0012, api_sign_in_failures), shared by every api replica. Keys are
 * 'u:<username>' or 'a:<address>'; each statement changes its rows atomically, so parallel attempts on any replicas
 * are counted one by one.
 */
export interface ThrottleRow {
  key: string
  failures: number
  lockedUntilMs: number | null
}

export interface ThrottleLimits {
  maxFailuresPerUsername: number
  maxFailuresPerAddress: number
  windowMs: number
  lockoutMs: number
}

// $1 keys, $2 now, $3 window (ms). A locked key is left as it is; a key whose lock ran out or whose window is over
// starts again at 1; any other is counted up, past its limit too (the caller takes back an attempt it refuses).
const COUNT_ATTEMPT = `
INSERT INTO api_sign_in_failures AS f (throttle_key, failures, window_started_at, locked_until)
SELECT k, 1, $2::timestamptz, NULL FROM unnest($1::text[]) AS k
ON CONFLICT (throttle_key) DO UPDATE SET
  failures = CASE
    WHEN f.locked_until > $2 THEN f.failures
    WHEN f.locked_until IS NOT NULL OR f.window_started_at <= $2 - make_interval(secs => $3::float8 / 1000) THEN 1
    ELSE f.failures + 1 END,
  window_started_at = CASE
    WHEN f.locked_until > $2 THEN f.window_started_at
    WHEN f.locked_until IS NOT NULL OR f.window_started_at <= $2 - make_interval(secs => $3::float8 / 1000) THEN $2
    ELSE f.window_started_at END,
  locked_until = CASE WHEN f.locked_until > $2 THEN f.locked_until END
RETURNING throttle_key, failures, locked_until`

/** Counts an attempt for each key (unless locked): the rows after. */
export async function countSignInAttempt(db: pg.Pool, keys: readonly string[], nowMs: number, windowMs: number): Promise<ThrottleRow[]> {
  const { rows } = await db.query<{ throttle_key: string; failures: number; locked_until: Date | null }>(COUNT_ATTEMPT, [keys, new Date(nowMs), windowMs])
  return rows.map((row) => ({ key: row.throttle_key, failures: row.failures, lockedUntilMs: row.locked_until?.getTime() ?? null }))
}

/** Takes back one counted attempt of each key (it was refused, or it succeeded). */
export async function uncountSignInAttempt(db: pg.Pool, keys: readonly string[]): Promise<void> {
  await db.query('UPDATE api_sign_in_failures SET failures = GREATEST(failures - 1, 0) WHERE throttle_key = ANY($1::text[]) AND locked_until IS NULL', [keys])
}

// $1 keys, $2 now, $3 lockout (ms), $4 max per username, $5 max per address
const LOCK_IF_FULL = `
UPDATE api_sign_in_failures SET locked_until = $2::timestamptz + make_interval(secs => $3::float8 / 1000)
WHERE throttle_key = ANY($1::text[]) AND locked_until IS NULL
  AND failures >= CASE WHEN throttle_key LIKE 'u:%' THEN $4::int ELSE $5::int END`

/** The attempt failed (it stays counted): each key that has reached its limit is locked from now. */
export async function lockSignInKeysIfFull(db: pg.Pool, keys: readonly string[], nowMs: number, limits: ThrottleLimits): Promise<void> {
  await db.query(LOCK_IF_FULL, [keys, new Date(nowMs), limits.lockoutMs, limits.maxFailuresPerUsername, limits.maxFailuresPerAddress])
}

/** A successful sign-in clears its username's failures. */
export async function clearSignInFailures(db: pg.Pool, key: string): Promise<void> {
  await db.query('DELETE FROM api_sign_in_failures WHERE throttle_key = $1', [key])
}

/** Forgets keys whose window is over and that are not locked. */
export async function deleteStaleSignInFailures(db: pg.Pool, nowMs: number, windowMs: number): Promise<void> {
  await db.query('DELETE FROM api_sign_in_failures WHERE window_started_at <= $1 AND (locked_until IS NULL OR locked_until <= $2)', [new Date(nowMs - windowMs), new Date(nowMs)])
}
