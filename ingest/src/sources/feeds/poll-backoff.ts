/**
 * The wait before the next poll: the interval after a success; after the n-th error in a row the interval times
 * 2^n, at most maxBackoffMs (and never less than the interval).
 */
export function nextPollDelayMs(intervalMs: number, maxBackoffMs: number, consecutiveErrors: number): number {
  if (consecutiveErrors <= 0) return intervalMs
  const backoffMs = intervalMs * 2 ** Math.min(consecutiveErrors, 30)
  return Math.max(intervalMs, Math.min(maxBackoffMs, backoffMs))
}
