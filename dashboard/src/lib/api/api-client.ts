import type { KpiResponse } from '@masar/model/api/fleet'
import type { SourcesResponse } from '@masar/model/api/sources'
import type { NearbyStop, Stop, StopArrivalsResponse } from '@masar/model/api/stops'
import type { TokenResponse } from '@masar/model/api/auth'
import type { MapSettingsResponse } from '@masar/model/api/map'
import type { RouteInfo, RouteResponse } from '@masar/model/api/routes'
import type { Lang } from '../i18n/translate.js'

/** How the rider asks: in which language, and a signal to abandon the request. */
export interface StopQuery {
  lang: Lang
  signal?: AbortSignal
}

/**
 * The api over HTTP, same origin (relative URLs). A failed call rejects with an ApiClientError carrying the api's
 * stable `code` (one of @masar/model's API_ERRORS: API_STOP_NOT_FOUND, API_NO_ACTIVE_FEED…), or NETWORK when the server was not reached.
 */
export class ApiClientError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ApiClientError'
  }
}

export interface ApiClient {
  searchStops(q: string, query: StopQuery): Promise<Stop[]>
  nearbyStops(place: { lat: number; lon: number; radiusM: number }, query: StopQuery): Promise<NearbyStop[]>
  stopArrivals(stopId: string, query: StopQuery & { limit: number }): Promise<StopArrivalsResponse>
  login(username: string, password: string): Promise<TokenResponse>
  /** Signs out: every token of the account is refused from now on. */
  logout(token: string): Promise<void>
  kpi(token: string, signal?: AbortSignal): Promise<KpiResponse>
  /** The ETA Accuracy Benchmark score of the predictions riders are given, over the last `hours` (null: none scored yet). */
  predictionAccuracy(token: string, hours: number, signal?: AbortSignal): Promise<number | null>
  /** The polled vendor feeds' health and the URL phones and Traccar send to. */
  sources(token: string, signal?: AbortSignal): Promise<SourcesResponse>
  /** The style the maps draw (GET /api/v1/map), its labels in `lang` when given. */
  mapStyleUrl(signal?: AbortSignal, lang?: Lang): Promise<string>
  /** Every route of the active feed, for the rider's routes list. */
  routes(query: StopQuery): Promise<RouteInfo[]>
  /** A route with its directions (their stops in order) and its stops and shapes as GeoJSON. */
  route(routeId: string, query: StopQuery): Promise<RouteResponse>
}

/** The method riders and the feeds are given (the api's SERVED_METHOD). */
const SERVED_METHOD = 'kalman'

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export function createApiClient(fetchFn: Fetch): ApiClient {
  const call = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
    let response: Response
    try {
      response = await fetchFn(url, { ...init, headers: { accept: 'application/json', ...init.headers } })
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err
      throw new ApiClientError(0, 'NETWORK', `the api did not answer ${url}`, { cause: err })
    }
    const body: unknown = await response.json().catch(() => null)
    if (!response.ok) {
      const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
      throw new ApiClientError(response.status, typeof code === 'string' ? code : `HTTP_${response.status}`, typeof message === 'string' ? message : response.statusText)
    }
    return body as T
  }
  return {
    searchStops: async (q, { lang, signal }) =>
      (await call<{ stops: Stop[] }>(`/api/v1/stops?${new URLSearchParams({ q, lang })}`, { signal })).stops,
    nearbyStops: async ({ lat, lon, radiusM }, { lang, signal }) =>
      (await call<{ stops: NearbyStop[] }>(`/api/v1/stops/nearby?${new URLSearchParams({ lat: String(lat), lon: String(lon), radius: String(radiusM), lang })}`, { signal })).stops,
    stopArrivals: (stopId, { lang, limit, signal }) =>
      call<StopArrivalsResponse>(`/api/v1/stops/${encodeURIComponent(stopId)}/arrivals?${new URLSearchParams({ limit: String(limit), lang })}`, { signal }),
    login: (username, password) =>
      call<TokenResponse>('/api/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }),
    logout: async (token) => {
      await call<null>('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    },
    kpi: (token, signal) => call<KpiResponse>('/api/v1/kpi', { headers: { authorization: `Bearer ${token}` }, signal }),
    predictionAccuracy: async (token, hours, signal) => {
      const table = await call<{ benchmarkScore: Record<string, number | null> }>(`/api/v1/kpi/predictions?hours=${hours}`, { headers: { authorization: `Bearer ${token}` }, signal })
      return table.benchmarkScore[SERVED_METHOD] ?? null
    },
    sources: (token, signal) => call<SourcesResponse>('/api/v1/sources', { headers: { authorization: `Bearer ${token}` }, signal }),
    mapStyleUrl: async (signal, lang) => (await call<MapSettingsResponse>(`/api/v1/map${lang ? `?${new URLSearchParams({ lang })}` : ''}`, { signal })).styleUrl,
    routes: async ({ lang, signal }) => (await call<{ routes: RouteInfo[] }>(`/api/v1/routes?${new URLSearchParams({ lang })}`, { signal })).routes,
    route: (routeId, { lang, signal }) => call<RouteResponse>(`/api/v1/routes/${encodeURIComponent(routeId)}?${new URLSearchParams({ lang })}`, { signal }),
  }
}

/** The ws:// or wss:// address of the live stream on this page's origin. */
export function liveSocketUrl(page: Pick<Location, 'protocol' | 'host'>, query: Readonly<Record<string, string>> = {}): string {
  const search = new URLSearchParams(query).toString()
  return `${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}/api/v1/live${search ? `?${search}` : ''}`
}
