import { describe, expect, it } from 'vitest'
import { ApiClientError } from './api-client.js'
import { createDispatchClient } from './dispatch-client.js'

function recordingFetch(status: number, body: unknown) {
  const seen: Array<{ url: string; authorization: string | null }> = []
  const fetchFn = async (input: string, init?: RequestInit) => {
    seen.push({ url: input, authorization: new Headers(init?.headers).get('authorization') })
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  }
  return { seen, fetchFn }
}

describe('dispatch client', () => {
  it('asks for a bus\'s history between two instants, with the bearer token and the id escaped', async () => {
    const { seen, fetchFn } = recordingFetch(200, { vehicleId: 'bus/1', from: '', to: '', bucketS: null, count: 0, points: [], truncated: false })
    const fromMs = Date.parse('2027-01-15T08:00:00Z')
    await createDispatchClient(fetchFn).history('bus/1', { fromMs, toMs: fromMs + 3_600_000 }, { token: 'tok' })
    expect(seen).toEqual([{ url: '/api/v1/vehicles/bus%2F1/history?from=2027-01-15T08%3A00%3A00.000Z&to=2027-01-15T09%3A00%3A00.000Z', authorization: 'Bearer tok' }])
  })

  it('reads trips and routes without a token, in the page\'s language', async () => {
    const { seen, fetchFn } = recordingFetch(200, { routes: [{ routeId: 'R1', shortName: '1', longName: null, type: 3, color: null }] })
    const client = createDispatchClient(fetchFn)
    expect((await client.routes({ lang: 'ar' })).map((r) => r.routeId)).toEqual(['R1'])
    await client.trip('T 1', { lang: 'en' })
    await client.route('R1', { lang: 'ar' })
    expect(seen).toEqual([
      { url: '/api/v1/routes?lang=ar', authorization: null },
      { url: '/api/v1/trips/T%201?lang=en', authorization: null },
      { url: '/api/v1/routes/R1?lang=ar', authorization: null },
    ])
  })

  it('asks for a route\'s ladder with the window, direction and language, and the token', async () => {
    const { seen, fetchFn } = recordingFetch(200, { routeId: 'R 1', directionId: 1, from: '', to: '', shapeId: 'S', lengthM: 0, stops: [], runs: [] })
    const ladder = await createDispatchClient(fetchFn).ladder('R 1', { minutes: 90, direction: 1, lang: 'en' }, { token: 'tok' })
    expect(ladder.directionId).toBe(1)
    expect(seen).toEqual([{ url: '/api/v1/routes/R%201/ladder?minutes=90&direction=1&lang=en', authorization: 'Bearer tok' }])
  })

  it('sends the token for headways and turns a 401 into its code', async () => {
    const { seen, fetchFn } = recordingFetch(401, { code: 'API_UNAUTHENTICATED', message: 'token expired' })
    const err = await createDispatchClient(fetchFn).headways('R1', { token: 'old' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiClientError)
    expect(err).toMatchObject({ status: 401, code: 'API_UNAUTHENTICATED' })
    expect(seen).toEqual([{ url: '/api/v1/routes/R1/headways', authorization: 'Bearer old' }])
  })
})
