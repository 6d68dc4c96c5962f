import type { Lang } from '../i18n/translate.js'
import { requestJson, type Fetch } from './request-json.js'
import type { HeadwaysResponse, LadderResponse, RouteInfo, RouteResponse } from '@masar/model/api/routes'
import type { HistoryResponse } from '@masar/model/api/fleet'
import type { TripResponse } from '@masar/model/api/trips'

/** The calls of the vehicle panel and the route view; a failed call rejects with an ApiClientError, as ApiClient's. */
export interface DispatchClient {
  trip(tripId: string, options: { lang: Lang; signal?: AbortSignal }): Promise<TripResponse>
  history(vehicleId: string, range: { fromMs: number; toMs: number }, options: { token: string; signal?: AbortSignal }): Promise<HistoryResponse>
  routes(options: { lang: Lang; signal?: AbortSignal }): Promise<RouteInfo[]>
  route(routeId: string, options: { lang: Lang; signal?: AbortSignal }): Promise<RouteResponse>
  headways(routeId: string, options: { token: string; signal?: AbortSignal }): Promise<HeadwaysResponse>
  ladder(routeId: string, query: { minutes: number; direction: number; lang: Lang }, options: { token: string; signal?: AbortSignal }): Promise<LadderResponse>
}

export function createDispatchClient(fetchFn: Fetch): DispatchClient {
  const call = <T>(url: string, init: { token?: string; signal?: AbortSignal | undefined }): Promise<T> =>
    requestJson<T>(fetchFn, url, { headers: init.token ? { authorization: `Bearer ${init.token}` } : {}, signal: init.signal ?? null })
  const id = encodeURIComponent
  return {
    trip: (tripId, { lang, signal }) => call(`/api/v1/trips/${id(tripId)}?${new URLSearchParams({ lang })}`, { signal }),
    history: (vehicleId, { fromMs, toMs }, { token, signal }) =>
      call(`/api/v1/vehicles/${id(vehicleId)}/history?${new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() })}`, { token, signal }),
    routes: async ({ lang, signal }) => (await call<{ routes: RouteInfo[] }>(`/api/v1/routes?${new URLSearchParams({ lang })}`, { signal })).routes,
    route: (routeId, { lang, signal }) => call(`/api/v1/routes/${id(routeId)}?${new URLSearchParams({ lang })}`, { signal }),
    headways: (routeId, { token, signal }) => call(`/api/v1/routes/${id(routeId)}/headways`, { token, signal }),
    ladder: (routeId, { minutes, direction, lang }, { token, signal }) =>
      call(`/api/v1/routes/${id(routeId)}/ladder?${new URLSearchParams({ minutes: String(minutes), direction: String(direction), lang })}`, { token, signal }),
  }
}
