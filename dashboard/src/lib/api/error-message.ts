import type { MessageKey } from '../i18n/catalog.js'
import { ApiClientError } from './api-client.js'

/** The catalog message for a failed call: known api codes get their own sentence, the rest a generic one. */
export function errorMessageKey(err: unknown): { key: MessageKey; code: string } {
  if (!(err instanceof ApiClientError)) return { key: 'error.generic', code: 'CLIENT' }
  const byCode: Partial<Record<string, MessageKey>> = {
    NETWORK: 'error.network',
    NO_ACTIVE_FEED: 'error.noFeed',
    STOP_NOT_FOUND: 'error.stopNotFound',
    RATE_LIMITED: 'error.rateLimited',
    INVALID_CREDENTIALS: 'dispatch.badCredentials',
    UNAUTHENTICATED: 'dispatch.sessionEnded',
    FORBIDDEN: 'dispatch.forbidden',
  }
  return { key: byCode[err.code] ?? (err.status === 429 ? 'error.rateLimited' : 'error.generic'), code: err.code }
}
