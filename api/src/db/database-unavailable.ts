/**
 * Whether an error from pg means the database could not be reached or is not taking queries now (it is down,
 * restarting, failing over, refusing connections, or the pool waited too long), as opposed to an error in the
 * query or its values. Such a request is answered 503 API_DATABASE_UNAVAILABLE: the client may retry.
 */
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

// pg and pg-pool raise these without a code.
const UNREACHABLE_MESSAGES = [
  'Connection terminated', // unexpectedly, or due to connection timeout
  'timeout exceeded when trying to connect', // pg-pool: no connection within connectionTimeoutMillis
  'Query read timeout', // query_timeout
  'is not queryable', // a client whose connection failed or was closed
  'Cannot use a pool after calling end on the pool', // shutting down
]

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown }
  if (typeof code === 'string') {
    // SQLSTATE class 08 connection exception; 57P01–57P03 admin/crash shutdown, cannot connect now; 53300 too many connections
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true
    if (UNREACHABLE_SOCKET_CODES.has(code)) return true
  }
  if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((m) => message.includes(m))) return true
  if (Array.isArray((error as { errors?: unknown }).errors)) return (error as { errors: unknown[] }).errors.some((e) => isDatabaseUnavailable(e, depth + 1)) // AggregateError (IPv4 and IPv6 refused)
  return isDatabaseUnavailable(cause, depth + 1)
}
