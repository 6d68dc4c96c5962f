import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/**
 * Nothing secret in the logs: credentials in request headers, passwords, tokens, API keys and secrets are written
 * as '[redacted]' wherever the api logs them (a request, an error carrying one, a body), at the top level or one
 * level down. Every logger of the api uses it: the process's own (main.ts) and the HTTP server's child.
 */
const SECRET_FIELDS = ['password', 'token', 'apiKey', 'secret', 'tokenSecret', 'authorization', 'cookie']
const HEADER_FIELDS = ['authorization', 'cookie', '"set-cookie"', '"x-api-key"', '"proxy-authorization"', '"sec-websocket-protocol"']

export const LOG_REDACTION = {
  paths: [
    ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
    ...['req.headers', 'request.headers', 'headers', 'res.headers'].flatMap((at) => HEADER_FIELDS.map((header) => `${at}[${header}]`)),
    'body.password', 'req.body.password', 'request.body.password',
  ],
  censor: '[redacted]',
}

export function createApiLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const withRedaction = { ...options, redact: LOG_REDACTION }
  return destination ? pino(withRedaction, destination) : pino(withRedaction)
}

/** A child of any logger (the embedded stack's included) that redacts as above. */
export function redactingChild(logger: Logger, bindings: Record<string, unknown>): Logger {
  return logger.child(bindings, { redact: LOG_REDACTION })
}
