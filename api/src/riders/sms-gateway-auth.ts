import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { ApiError } from '../http/api-errors.js'

/** The header a gateway that can set one sends the shared secret in. */
export const SMS_GATEWAY_SECRET_HEADER = 'x-sms-gateway-secret'
/**
 * The query parameter for a gateway that can only template a URL (Kannel's sms-service get-url and post-url). The
 * URL then carries the secret: the api's logs redact it (log-redaction.ts); a proxy in front must not log query
 * strings of this path either.
 */
export const SMS_GATEWAY_SECRET_PARAM = 'secret'

const digest = (value: string) => createHash('sha256').update(value).digest()

function givenSecret(request: FastifyRequest): string | null {
  const header = request.headers[SMS_GATEWAY_SECRET_HEADER]
  if (typeof header === 'string' && header) return header
  const query = request.query as Record<string, unknown> | undefined
  const param = query?.[SMS_GATEWAY_SECRET_PARAM]
  return typeof param === 'string' && param ? param : null
}

/**
 * The SMS webhook's guard (an onRequest hook, so that a caller without the secret is refused before its body is
 * read): the gateway's shared secret, compared in constant time (both sides hashed to the same length first, so
 * neither the secret's content nor its length leaks through timing). Without a configured secret the webhook is
 * off: anyone could otherwise make the api answer (and, once a gateway sends the replies, send SMS) at will.
 */
export function smsGatewayGuard(secret: string | null): onRequestAsyncHookHandler {
  const expected = secret === null ? null : digest(secret)
  return async (request) => {
    if (expected === null) throw new ApiError('API_SMS_GATEWAY_NOT_CONFIGURED', 'the SMS webhook is off: set SMS_GATEWAY_SECRET (the secret the SMS gateway sends) to turn it on')
    const given = givenSecret(request)
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      throw new ApiError('API_SMS_GATEWAY_UNAUTHENTICATED', `the SMS webhook takes calls from the SMS gateway only: give its shared secret in the ${SMS_GATEWAY_SECRET_HEADER} header or the ?${SMS_GATEWAY_SECRET_PARAM}= parameter`)
    }
  }
}
