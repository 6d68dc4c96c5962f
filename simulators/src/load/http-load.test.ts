import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { sendHttpLoad } from './http-load.js'

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string; socket: string }

let close: (() => Promise<void>) | undefined
afterEach(async () => close?.())

async function listen(status: (seen: Seen) => number): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const s = { method: request.method!, url: request.url!, headers: request.headers, body, socket: `${request.socket.remotePort}` }
      seen.push(s)
      response.writeHead(status(s), { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('sendHttpLoad', () => {
  it('sends every vehicle\'s OsmAnd fixes with distinct times, over the keep-alive connections asked for', async () => {
    const { url, seen } = await listen(() => 200)
    const result = await sendHttpLoad({ url, kind: 'osmand', vehicles: 3, fixesPerVehicle: 4, connections: 2, tokenOf: (id) => `tok-${id}` })
    expect(result).toMatchObject({ sent: 12, ok: 12, failed: 0, statuses: { 200: 12 } })
    const queries = seen.map((s) => new URL(s.url, url).searchParams)
    expect(seen.every((s) => s.method === 'GET' && s.url.startsWith('/?'))).toBe(true)
    expect(new Set(queries.map((q) => `${q.get('id')}@${q.get('timestamp')}`)).size).toBe(12)
    expect(queries[0]!.get('token')).toBe(`tok-${queries[0]!.get('id')}`)
    // epoch milliseconds (above 2^31, as OsmAnd's decoder reads them), a vehicle's fixes 1 s apart
    const times = queries.filter((q) => q.get('id') === 'http-00000').map((q) => Number(q.get('timestamp')))
    expect(times.map((t, i) => t - times[0]! - i * 1000)).toEqual([0, 0, 0, 0])
    expect(times[0]).toBeGreaterThan(2 ** 31)
    expect(new Set(seen.map((s) => s.socket)).size).toBe(2)
  })

  it('posts Traccar JSON forwarder bodies with the source key, and counts answers other than 200 as failed', async () => {
    const { url, seen } = await listen((s) => (s.body.includes('"http-00001"') ? 503 : 200))
    const result = await sendHttpLoad({ url, kind: 'traccar-json', vehicles: 2, fixesPerVehicle: 2, connections: 1, key: 'k1', fixTime: 'send-time' })
    expect(result).toMatchObject({ sent: 4, ok: 2, failed: 2, statuses: { 200: 2, 503: 2 }, firstError: 'HTTP 503' })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/traccar/json', headers: { authorization: 'Bearer k1', 'content-type': 'application/json' } })
    const body = JSON.parse(seen[0]!.body)
    expect(body.device.uniqueId).toBe('http-00000')
    expect(Math.abs(Date.parse(body.position.fixTime) - Date.now())).toBeLessThan(10_000)
    expect(body.position).toMatchObject({ latitude: expect.any(Number), longitude: expect.any(Number), course: 90 })
  })
})
