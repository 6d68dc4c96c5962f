/**
 * What to do with an error from a batch write:
 * - 'unavailable': the database could not be reached or is restarting; keep the batch and retry with backoff.
 * - 'data': the database refused a value (SQLSTATE class 22 data exception, 23 integrity violation); retrying
 *   the same rows cannot help, so the batch is split to find the rows at fault.
 */
export type DbErrorKind = 'unavailable' | 'data'

export function classifyDbError(err: unknown): DbErrorKind {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : ''
  if (code.startsWith('22') || code.startsWith('23')) return 'data'
  return 'unavailable'
}
