import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/**
 * Nothing secret in the logs: credentials in request headers, passwords, tokens, API keys and secrets are written
 * as '[redacted]' wherever the api logs them (a request, an error carrying one, a body), at the top level or one
 * level down. Every logger of the api uses it: the process's own (main.ts) and the HTTP server's child.
 */
const SECRET_FIELDS = ['password', 'token', 'apiKey', 'secret', 'tokenSecret', 'authorization', 'cookie']
const HEADER_FIELDS = ['authorization', 'cookie', '"set-cookie"', '"x-api-key"', '"proxy-authorization"', '"sec-websocket-protocol"', '"x-sms-gateway-secret"']
/** Query parameters that carry a secret (the SMS gateway's, for a gateway that can only template a URL). */
const SECRET_QUERY_PARAMS = /([?&](?:secret|token|api_key|apiKey)=)[^&#]*/g

export const LOG_REDACTION = {
  paths: [
    ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
    ...['req.headers', 'request.headers', 'headers', 'res.headers'].flatMap((at) => HEADER_FIELDS.map((header) => `${at}[${header}]`)),
    'body.password', 'req.body.password', 'request.body.password',
    ...['req.query', 'request.query', 'query'].flatMap((at) => ['secret', 'token', 'api_key', 'apiKey'].map((param) => `${at}.${param}`)),
  ],
  censor: '[redacted]',
}

/** A URL with the value of each secret-carrying query parameter written as [redacted]. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]')
}

const redactUrlsIn = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value
  const url = (value as { url?: unknown }).url
  if (typeof url !== 'string' || redactUrl(url) === url) return value
  // a plain object (as logged by hand) keeps its fields; a request object is reduced to what a log needs
  const plain = Object.getPrototypeOf(value) === Object.prototype
  const fields = plain ? { ...(value as Record<string, unknown>) } : pino.stdSerializers.req(value as never) as unknown as Record<string, unknown>
  return { ...fields, url: redactUrl(url) }
}

/** The request, however logged (req, request), with the secret query parameters of its URL redacted. */
const SERIALIZERS = { req: redactUrlsIn, request: redactUrlsIn }

export function createApiLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const withRedaction = { ...options, redact: LOG_REDACTION, serializers: { ...options.serializers, ...SERIALIZERS } }
  return destination ? pino(withRedaction, destination) : pino(withRedaction)
}

/** A child of any logger (the embedded stack's included) that redacts as above. */
export function redactingChild(logger: Logger, bindings: Record<string, unknown>): Logger {
  return logger.child(bindings, { redact: LOG_REDACTION, serializers: SERIALIZERS })
}
