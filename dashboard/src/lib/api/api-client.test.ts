import { describe, expect, it } from 'vitest'
import { ApiClientError, createApiClient, liveSocketUrl } from './api-client.js'
import { errorMessageKey } from './error-message.js'

function fakeFetch(status: number, body: unknown, seen: string[] = []) {
  return async (input: string) => {
    seen.push(input)
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  }
}

describe('api client', () => {
  it('asks the api which style the maps draw, in the page\'s language', async () => {
    const seen: string[] = []
    expect(await createApiClient(fakeFetch(200, { styleUrl: '/map/style.json' }, seen)).mapStyleUrl()).toBe('/map/style.json')
    expect(await createApiClient(fakeFetch(200, { styleUrl: '/map/style.json?lang=en' }, seen)).mapStyleUrl(undefined, 'en')).toBe('/map/style.json?lang=en')
    expect(seen).toEqual(['/api/v1/map', '/api/v1/map?lang=en'])
  })

  it('lists the routes and fetches one by its escaped id, in the rider\'s language', async () => {
    const seen: string[] = []
    const routes = await createApiClient(fakeFetch(200, { routes: [{ routeId: 'BRT1', shortName: 'BRT1', longName: null, type: 3, color: null }] }, seen)).routes({ lang: 'en' })
    expect(routes.map((r) => r.routeId)).toEqual(['BRT1'])
    await createApiClient(fakeFetch(200, { route: {}, directions: [], geojson: { type: 'FeatureCollection', features: [] } }, seen)).route('خط 7/أ', { lang: 'ar' })
    expect(seen).toEqual(['/api/v1/routes?lang=en', `/api/v1/routes/${encodeURIComponent('خط 7/أ')}?lang=ar`])
  })

  it('asks for stops with the query and language, relative to the page', async () => {
    const seen: string[] = []
    const api = createApiClient(fakeFetch(200, { stops: [{ stopId: 'S1', code: '12', name: 'الدوار الأول', lat: 31.95, lon: 35.92 }] }, seen))
    const stops = await api.searchStops('دوار 1', { lang: 'ar' })
    expect(stops.map((s) => s.stopId)).toEqual(['S1'])
    expect(seen).toEqual(['/api/v1/stops?q=%D8%AF%D9%88%D8%A7%D8%B1+1&lang=ar'])
  })

  it('gives the served predictions\' benchmark score, signed in, or null before any are scored', async () => {
    const seen: string[] = []
    const api = createApiClient(fakeFetch(200, { rows: [], benchmarkScore: { schedule: 0.81, learned: 0.9, kalman: 0.925 } }, seen))
    expect(await api.predictionAccuracy('tok', 24)).toBe(0.925)
    expect(seen).toEqual(['/api/v1/kpi/predictions?hours=24'])
    expect(await createApiClient(fakeFetch(200, { rows: [], benchmarkScore: { kalman: null } })).predictionAccuracy('tok', 24)).toBeNull()
  })

  it('asks for the sources\' health with the dispatcher\'s token', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = []
    const body = { at: '2026-12-07T09:00:00.000Z', sourcesUrl: 'http://127.0.0.1:5055', silentAfterS: 120, feeds: [] }
    const api = createApiClient(async (input, init) => {
      calls.push({ input, init })
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    })
    expect(await api.sources('tok')).toEqual(body)
    expect(calls).toEqual([{ input: '/api/v1/sources', init: expect.objectContaining({ headers: expect.objectContaining({ authorization: 'Bearer tok' }) }) }])
  })

  it('signs out on the api with the session\'s token (the token is revoked there, not only forgotten here)', async () => {
    const calls: Array<{ input: string; init?: RequestInit }> = []
    const api = createApiClient(async (input, init) => {
      calls.push({ input, init })
      return new Response(null, { status: 204 })
    })
    await api.logout('tok')
    expect(calls).toEqual([{ input: '/api/v1/auth/logout', init: expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ authorization: 'Bearer tok' }) }) }])
  })

  it('escapes the stop id in the arrivals path', async () => {
    const seen: string[] = []
    await createApiClient(fakeFetch(200, { stop: {}, at: '', arrivals: [], alerts: [] }, seen)).stopArrivals('S/1', { lang: 'en', limit: 3 })
    expect(seen).toEqual(['/api/v1/stops/S%2F1/arrivals?limit=3&lang=en'])
  })

  it('turns an api error into its code and a known message', async () => {
    const api = createApiClient(fakeFetch(404, { code: 'API_STOP_NOT_FOUND', message: 'no stop "X" in the active feed' }))
    const err = await api.stopArrivals('X', { lang: 'ar', limit: 3 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiClientError)
    expect((err as ApiClientError).code).toBe('API_STOP_NOT_FOUND')
    expect(errorMessageKey(err)).toEqual({ key: 'error.stopNotFound', code: 'API_STOP_NOT_FOUND' })
  })

  it('reports an unreachable server as NETWORK', async () => {
    const api = createApiClient(async () => {
      throw new TypeError('fetch failed')
    })
    const err = await api.searchStops('x', { lang: 'en' }).catch((e: unknown) => e)
    expect(errorMessageKey(err)).toEqual({ key: 'error.network', code: 'NETWORK' })
  })

  it('builds the live address on the page origin, secure when the page is', () => {
    expect(liveSocketUrl({ protocol: 'https:', host: 'masar.jo' }, { stops: 'S1,S2' })).toBe('wss://masar.jo/api/v1/live?stops=S1%2CS2')
    expect(liveSocketUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe('ws://127.0.0.1:5173/api/v1/live')
  })
})
