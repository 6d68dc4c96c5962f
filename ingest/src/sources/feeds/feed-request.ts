import type { SourceRejection } from '../source-fix.js'
import { rejectBody } from './body-rejection.js'

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>

/** The validators of the last answer that was handed on, sent back so an unchanged feed answers 304. */
export interface FeedValidators {
  etag?: string
  lastModified?: string
}

export interface FeedRequest {
  url: string
  fetch: FetchFn
  timeoutMs: number
  validators: FeedValidators
  /** Extra request headers (the API key's). */
  headers: Record<string, string>
}

export type FeedAnswer =
  | { kind: 'not-modified' }
  | { kind: 'body'; body: Uint8Array; contentType: string | undefined; validators: FeedValidators }
  /** No usable answer; `rejection` (the answer's first bytes) when the server answered something. */
  | { kind: 'failed'; error: string; rejection?: SourceRejection }

function conditionalHeaders(validators: FeedValidators): Record<string, string> {
  const headers: Record<string, string> = {}
  if (validators.etag !== undefined) headers['if-none-match'] = validators.etag
  if (validators.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified
  return headers
}

function validatorsOf(response: Response): FeedValidators {
  const validators: FeedValidators = {}
  const etag = response.headers.get('etag')
  if (etag) validators.etag = etag
  const lastModified = response.headers.get('last-modified')
  if (lastModified) validators.lastModified = lastModified
  return validators
}

/**
 * One GET of a feed, with If-None-Match / If-Modified-Since from the last answer, bounded by timeoutMs from the request
 * to the last byte of the body (an AbortController on the global timers, so fake timers drive it in tests).
 * A network error or timeout fails without a rejection (nothing was answered); a status other than 2xx or 304 and an
 * empty 2xx body fail with one (unexpected_content, the body's first bytes). Telling HTML from a feed is the decoders'.
 */
export async function requestFeed(request: FeedRequest): Promise<FeedAnswer> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${request.timeoutMs} ms`)), request.timeoutMs)
  try {
    const response = await request.fetch(request.url, {
      method: 'GET',
      headers: { ...request.headers, ...conditionalHeaders(request.validators) },
      signal: controller.signal,
      redirect: 'follow',
    })
    if (response.status === 304) {
      await response.body?.cancel()
      return { kind: 'not-modified' }
    }
    const body = new Uint8Array(await response.arrayBuffer())
    const contentType = response.headers.get('content-type') ?? undefined
    if (response.status < 200 || response.status > 299) {
      const error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
      return { kind: 'failed', error, rejection: rejectBody('unexpected_content', `${request.url} answered ${error} (${contentType ?? 'no content type'})`, body) }
    }
    if (body.length === 0) {
      return { kind: 'failed', error: `HTTP ${response.status} with an empty body`, rejection: rejectBody('unexpected_content', `${request.url} answered HTTP ${response.status} with an empty body`, body) }
    }
    return { kind: 'body', body, contentType, validators: validatorsOf(response) }
  } catch (error) {
    const reason = controller.signal.aborted ? (controller.signal.reason as Error) : (error as Error)
    const cause = (reason as { cause?: { message?: string } }).cause?.message
    return { kind: 'failed', error: `${reason.message}${cause ? ` (${cause})` : ''}` }
  } finally {
    clearTimeout(timer)
  }
}
