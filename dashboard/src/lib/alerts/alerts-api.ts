import { requestJson, type Fetch } from '../api/request-json.js'
import type { StopsResponse } from '@masar/model/api/stops'
import type { Lang } from '../i18n/translate.js'
import type { AlertBody, AlertsResponse, StoredAlert } from '@masar/model/api/alerts'
import type { RouteInfo, RoutesResponse } from '@masar/model/api/routes'

/** A route of the active feed as GET /api/v1/routes lists it (GTFS routes.txt). */
export type FeedRoute = RouteInfo

/** The dispatcher's alert calls (Bearer token) and the two look-ups the editor needs. */
export function createAlertsApi(fetchFn: Fetch, token: string) {
  const auth = { authorization: `Bearer ${token}` }
  const json = { ...auth, 'content-type': 'application/json' }
  return {
    list: async () => (await requestJson<AlertsResponse>(fetchFn, '/api/v1/alerts', { headers: auth })).alerts,
    create: (body: AlertBody) => requestJson<StoredAlert>(fetchFn, '/api/v1/alerts', { method: 'POST', headers: json, body: JSON.stringify(body) }),
    update: (alertId: number, body: AlertBody) => requestJson<StoredAlert>(fetchFn, `/api/v1/alerts/${alertId}`, { method: 'PUT', headers: json, body: JSON.stringify(body) }),
    remove: (alertId: number) => requestJson<null>(fetchFn, `/api/v1/alerts/${alertId}`, { method: 'DELETE', headers: auth }),
    routes: async (lang: Lang) => (await requestJson<RoutesResponse>(fetchFn, `/api/v1/routes?lang=${lang}`)).routes,
    searchStops: async (q: string, lang: Lang, signal?: AbortSignal) =>
      (await requestJson<StopsResponse>(fetchFn, `/api/v1/stops?${new URLSearchParams({ q, lang })}`, { signal })).stops,
  }
}

export type AlertsApi = ReturnType<typeof createAlertsApi>
