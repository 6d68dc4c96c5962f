import { ApiClientError } from './api-client.js'

/**
 * One JSON call to the api, same origin, with the api client's error rules: a failed call rejects with an
 * ApiClientError carrying the api's `code` (or NETWORK when the server was not reached). Used by the pages that
 * talk to endpoints the rider's ApiClient does not need (alerts, trips, feed status).
 */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export async function requestJson<T>(fetchFn: Fetch, url: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetchFn(url, { ...init, headers: { accept: 'application/json', ...init.headers } })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiClientError(0, 'NETWORK', `the api did not answer ${url}`, { cause: err })
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null)
  if (!response.ok) {
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
    throw new ApiClientError(response.status, typeof code === 'string' ? code : `HTTP_${response.status}`, typeof message === 'string' ? message : response.statusText)
  }
  return body as T
}
