import { describe, expect, it } from 'vitest'
import { corsAnswerFor, isOpenToAnyOrigin } from './cors-policy.js'

describe('cors policy', () => {
  it('opens the public read-only endpoints and feeds to any origin', () => {
    for (const url of ['/gtfs/gtfs.zip', '/gtfs-rt/trip-updates.pb?format=json', '/api/v1/stops?q=x', '/api/v1/stops/nearby?lat=1&lon=2', '/api/v1/stops/S1/arrivals',
      '/api/v1/routes', '/api/v1/routes/R1', '/api/v1/trips/T1', '/api/v1/time', '/docs/json']) {
      expect(isOpenToAnyOrigin('GET', url), url).toBe(true)
    }
    expect(isOpenToAnyOrigin('OPTIONS', '/api/v1/stops', 'get')).toBe(true)
  })

  it('keeps dispatcher, admin, sign-in and write endpoints closed', () => {
    for (const [method, url] of [['GET', '/api/v1/vehicles'], ['GET', '/api/v1/routes/R1/headways'], ['GET', '/api/v1/routes/R1/ladder'], ['GET', '/api/v1/kpi'], ['GET', '/api/v1/sources'],
      ['PUT', '/api/v1/trips/T1/cancellation'], ['GET', '/api/v1/trips/T1/cancellation'], ['POST', '/api/v1/auth/token'], ['POST', '/api/v1/stops'], ['GET', '/api/v1/alerts'], ['GET', '/metrics']] as const) {
      expect(isOpenToAnyOrigin(method, url), `${method} ${url}`).toBe(false)
    }
    expect(isOpenToAnyOrigin('OPTIONS', '/api/v1/trips/T1', 'DELETE')).toBe(false)
    expect(isOpenToAnyOrigin('OPTIONS', '/api/v1/trips/T1')).toBe(false)
  })

  it('answers closed endpoints for the configured origins only, and for none by default', () => {
    expect(corsAnswerFor('GET', '/api/v1/vehicles', undefined, [])).toBeNull()
    expect(corsAnswerFor('GET', '/api/v1/vehicles', undefined, ['https://ops.example.org'])?.origins).toEqual(['https://ops.example.org'])
    expect(corsAnswerFor('OPTIONS', '/api/v1/stops', 'GET', [])?.origins).toBe('*')
  })
})
