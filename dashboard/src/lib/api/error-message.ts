import type { ApiErrorCode } from '@masar/model/api/api-errors'
import type { MessageKey } from '../i18n/catalog.js'
import { ApiClientError } from './api-client.js'

/** The catalog message for a failed call: known api codes get their own sentence, the rest a generic one. */
export function errorMessageKey(err: unknown): { key: MessageKey; code: string } {
  if (!(err instanceof ApiClientError)) return { key: 'error.generic', code: 'CLIENT' }
  const byCode: Partial<Record<ApiErrorCode | 'NETWORK', MessageKey>> = {
    NETWORK: 'error.network',
    API_NO_ACTIVE_FEED: 'error.noFeed',
    API_STOP_NOT_FOUND: 'error.stopNotFound',
    API_RATE_LIMITED: 'error.rateLimited',
    API_INVALID_CREDENTIALS: 'dispatch.badCredentials',
    API_UNAUTHENTICATED: 'dispatch.sessionEnded',
    API_FORBIDDEN: 'dispatch.forbidden',
  }
  return { key: byCode[err.code as ApiErrorCode] ?? (err.status === 429 ? 'error.rateLimited' : 'error.generic'), code: err.code }
}
