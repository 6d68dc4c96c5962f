import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Short-lived bearer tokens: base64url(JSON claims) + '.' + HMAC-SHA256 of it with the api's secret, so any api
 * instance sharing the secret can check them; they expire on their own (API_TOKEN_TTL_S). A valid token is not
 * enough: auth.ts also checks its account each request (enabled, the same role, the same token generation), so
 * signing out, a password change, and an admin disabling the account or changing its role revoke it at once.
 */
export type Role = 'dispatcher' | 'admin'

export interface TokenClaims {
  /** The account's username… */
  sub: string
  /** …and id (a username given to a new account later does not inherit the old one's tokens). */
  aid: number
  role: Role
  /** The account's token generation when this was issued (migration 0014): a later one revokes it. */
  gen: number
  /** Issued at, epoch seconds (for the logs; revocation goes by `gen`, which needs no agreeing clocks). */
  iat: number
  /** Expiry, epoch seconds. */
  exp: number
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url')
}

export function issueToken(claims: TokenClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${sign(body, secret)}`
}

/** The claims of a valid, unexpired token; null otherwise (never throws). */
export function verifyToken(token: string, secret: string, nowMs: number): TokenClaims | null {
  const [body, signature] = token.split('.')
  if (!body || !signature) return null
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims
    if (typeof claims.sub !== 'string' || !Number.isInteger(claims.aid) || !Number.isInteger(claims.gen) || (claims.role !== 'dispatcher' && claims.role !== 'admin') || !(claims.exp * 1000 > nowMs)) return null
    return claims
  } catch {
    return null
  }
}
