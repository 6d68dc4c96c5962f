import { isIP } from 'node:net'

/**
 * Which reverse proxies the api believes (TRUST_PROXY): a request's client address is read from X-Forwarded-For
 * only when the connection comes from one of these; from anyone else the header is ignored, so a client cannot
 * pick its own address (and with it its own rate limit or sign-in lockout). Each item is an address, a CIDR range,
 * or one of proxy-addr's names for a range (`loopback`, `linklocal`, `uniquelocal`), as Fastify's `trustProxy`
 * takes them. Empty: no proxy is trusted and the client address is the connection's.
 */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

export interface ParsedTrustProxy {
  ranges: string[]
  /** Items that are none of the above, to be named in the configuration error. */
  invalid: string[]
}

export function parseTrustProxy(list: string): ParsedTrustProxy {
  const items = list.split(',').map((item) => item.trim()).filter(Boolean)
  return { ranges: items.filter(isRange), invalid: items.filter((item) => !isRange(item)) }
}

function isRange(item: string): boolean {
  if (NAMED_RANGES.has(item)) return true
  const [address = '', prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

/** Fastify's `trustProxy` option for these ranges: false (the socket's address) when there are none. */
export function fastifyTrustProxy(ranges: readonly string[]): false | string[] {
  return ranges.length === 0 ? false : [...ranges]
}
