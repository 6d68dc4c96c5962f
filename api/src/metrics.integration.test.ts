import { formatPositionTopic } from '@masar/model/telemetry/topics'
import mqtt from 'mqtt'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestApi, type TestApi } from './testing/start-test-api.js'

/**
 * /metrics as Prometheus scrapes it: Node's defaults under standard names, HTTP requests by route, pool, feed age;
 * on a port of its own (METRICS_PORT), never the public one an Ingress routes to.
 */
let test: TestApi
beforeAll(async () => {
  test = await startTestApi({ logger: pino({ level: 'warn' }) })
}, 120_000)
afterAll(async () => {
  await test?.stop()
})

const get = (path: string) => fetch(`${test.api.url}${path}`)
const scrape = () => fetch(`${test.api.metricsUrl}/metrics`)

describe('/metrics', () => {
  it('has the process, HTTP, pool and feed-age metrics besides masar_api_*', async () => {
    const client = await mqtt.connectAsync(test.broker.url, { protocolVersion: test.broker.protocolVersion, clientId: `metrics-${process.pid}` })
    await client.publishAsync(formatPositionTopic(`test${process.pid}`, 'bus-1'), JSON.stringify({ ts: Date.now(), lat: 31.95, lon: 35.91 }), { qos: 1 })
    await client.endAsync()
    await vi.waitFor(() => expect(test.api.fleet.size).toBe(1), { timeout: 10_000 })
    const abdali = ((await (await get('/api/v1/stops?q=Abdali&lang=en')).json()) as { stops: Array<{ lat: number; lon: number }> }).stops[0]!
    const stops = (await (await get(`/api/v1/stops/nearby?lat=${abdali.lat}&lon=${abdali.lon}&radius=2000`)).json()) as { stops: Array<{ stopId: string }> }
    expect(stops.stops.length).toBeGreaterThan(1)
    expect((await get(`/api/v1/stops/${stops.stops[0]!.stopId}/arrivals`)).status).toBe(200)
    expect((await get(`/api/v1/stops/${stops.stops[1]!.stopId}/arrivals`)).status).toBe(200)
    expect((await get('/gtfs-rt/vehicle-positions.pb')).status).toBe(200)
    expect((await get('/no/such/route/42')).status).toBe(404)

    const text = await (await scrape()).text()
    // Node's default metrics under their standard names (no prefix), as dashboards and alerts expect them
    expect(text).toMatch(/^process_cpu_seconds_total \d/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
    expect(text).not.toMatch(/^masar_api_(process|nodejs)_/m)
    // requests by route pattern and status: both stops in one series, the unknown URL as unmatched
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/stops\/:id\/arrivals",status_code="200"\} 2$/m)
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/gtfs-rt\/vehicle-positions\.pb",status_code="200"\} [01]$/m)
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1$/m)
    expect(text).not.toMatch(/no\/such\/route/)
    // the pool, the database probe, the feeds' age
    expect(text).toMatch(/^masar_api_db_pool_connections [1-9]/m)
    expect(text).toMatch(/^masar_api_db_pool_idle_connections \d+$/m)
    expect(text).toMatch(/^masar_api_db_pool_waiting_queries \d+$/m)
    expect(text).toMatch(/^masar_api_db_up 1$/m)
    for (const feed of ['vehicle-positions', 'trip-updates']) {
      const age = Number(new RegExp(`^masar_api_feed_age_seconds\\{feed="${feed}"\\} ([0-9.e+-]+)$`, 'm').exec(text)?.[1])
      expect(age).toBeGreaterThanOrEqual(0)
      expect(age).toBeLessThanOrEqual(31) // rebuilt at least every 30 s (feed-cache maxAgeMs)
    }
    // the app's own metrics are still there
    expect(text).toMatch(/^masar_api_vehicles\{health="fresh"\} 1$/m)
    expect(text).toMatch(/^masar_api_live_clients 0$/m)
  })
})

describe('the metrics port', () => {
  it('serves /metrics apart from the public port, which answers 404 for it', async () => {
    expect(new URL(test.api.metricsUrl).port).not.toBe(new URL(test.api.url).port)
    const publicly = await get('/metrics')
    expect(publicly.status).toBe(404)
    expect(await publicly.json()).toMatchObject({ code: 'API_NOT_FOUND' })
    const scraped = await scrape()
    expect(scraped.status).toBe(200)
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await scraped.text()).toMatch(/^masar_api_vehicles/m)
    expect((await fetch(`${test.api.metricsUrl}/api/v1/stops?q=Abdali`)).status).toBe(404) // and nothing else there
  })
})
