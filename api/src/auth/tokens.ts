import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Short-lived bearer tokens: base64url(JSON claims) + '.' + HMAC-SHA256 of it with the api's secret. Stateless,
 * so any api instance sharing the secret accepts them; they expire on their own (API_TOKEN_TTL_S).
 */
export type Role = 'dispatcher' | 'admin'

export interface TokenClaims {
  sub: string
  role: Role
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
    if (typeof claims.sub !== 'string' || (claims.role !== 'dispatcher' && claims.role !== 'admin') || !(claims.exp * 1000 > nowMs)) return null
    return claims
  } catch {
    return null
  }
}
