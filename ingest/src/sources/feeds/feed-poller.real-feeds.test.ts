import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { beershevaResponses, readBeershevaRows } from '../../testing/beersheva-siri-xml.js'
import { missingRealFeeds, REAL_FEEDS } from '../../testing/real-feeds.js'
import type { DecodedFixes } from '../source-fix.js'
import { FeedPoller, type FeedPollerOptions } from './feed-poller.js'

const skip = missingRealFeeds()
if (skip) console.warn(skip)

type Answer = (response: ServerResponse, headers: IncomingHttpHeaders) => void

/** A feed server on the loopback: each request gets the next answer (the last one repeats); a request's headers are kept. */
async function feedServer(answers: Answer[]) {
  const requests: IncomingHttpHeaders[] = []
  const server = createServer((request, response) => {
    requests.push(request.headers)
    const answer = answers[Math.min(requests.length, answers.length) - 1]
    answer?.(response, request.headers)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  servers.push(server)
  return { url: `http://127.0.0.1:${port}/feed`, requests }
}
const servers: ReturnType<typeof createServer>[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const send = (body: Uint8Array | string, headers: Record<string, string> = {}, status = 200): Answer => (response) => {
  response.writeHead(status, headers)
  response.end(body)
}
/** 304 when the request carries the validator, else the body with it. */
const withEtag = (body: Uint8Array, etag: string): Answer => (response, headers) => {
  if (headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end()
  response.writeHead(200, { 'content-type': 'application/x-protobuf', etag })
  response.end(body)
}
const PROTOBUF = { 'content-type': 'application/x-protobuf' }

function pollerFor(url: string, options: Partial<FeedPollerOptions> = {}) {
  const handed: DecodedFixes[] = []
  const poller = new FeedPoller({
    url, kind: 'gtfs-rt', intervalMs: 10, maxBackoffMs: 80, timeoutMs: 5_000,
    onDecoded: async (decoded) => void handed.push(decoded), ...options,
  })
  return { poller, handed }
}

describe.skipIf(skip !== null)('FeedPoller against a local server of real feeds', () => {
  it('GTFS-RT: conditional requests, a 304 as nothing new, the next snapshot, a repeated one as unchanged', async () => {
    const [kcm1, kcm2] = await Promise.all([readFile(REAL_FEEDS.kingCounty1), readFile(REAL_FEEDS.kingCounty2)])
    const lastModified = 'Thu, 02 Sep 2021 16:08:30 GMT'
    const server = await feedServer([
      withEtag(kcm1, '"kcm-1"'), withEtag(kcm1, '"kcm-1"'), withEtag(kcm2, '"kcm-2"'),
      // A server without ETag that ignores If-Modified-Since: the same snapshot again.
      send(kcm2, { ...PROTOBUF, 'last-modified': lastModified }), send(kcm2, { ...PROTOBUF, 'last-modified': lastModified }),
    ])
    const { poller, handed } = pollerFor(server.url, { apiKey: { header: 'x-api-key', value: 'k-123' } })
    const outcomes = []
    for (let i = 0; i < 5; i++) outcomes.push(await poller.pollOnce())
    expect(outcomes.every((outcome) => outcome.ok && outcome.nextDelayMs === 10)).toBe(true)
    expect(server.requests.map((headers) => [headers['x-api-key'], headers['if-none-match'], headers['if-modified-since']])).toEqual([
      ['k-123', undefined, undefined], ['k-123', '"kcm-1"', undefined], ['k-123', '"kcm-1"', undefined],
      ['k-123', '"kcm-2"', undefined], ['k-123', undefined, lastModified],
    ])
    // Poll 1: 627 fixes; poll 2: 304, nothing handed; poll 3: the 570 of 36 min later; poll 4: 570 unchanged.
    expect(handed.map((decoded) => decoded.fixes.length)).toEqual([627, 570])
    expect(poller.health()).toMatchObject({ polls: 5, errors: 0, consecutiveErrors: 0, fixes: 1197, unchanged: 1140, rejected: 0, lastError: null })
    expect(poller.health().lastSuccessAtMs).not.toBeNull()
  })

  it("SIRI-VM: the Be'er Sheva calls in order, each vehicle's repeated fix handed on once", async () => {
    const responses = beershevaResponses(await readBeershevaRows(REAL_FEEDS.beershevaSiri)).slice(0, 200)
    const server = await feedServer(responses.map((response) => send(response.xml, { 'content-type': 'text/xml; charset=utf-8' })))
    const { poller, handed } = pollerFor(server.url, { kind: 'siri-vm' })
    for (let i = 0; i < responses.length; i++) expect((await poller.pollOnce()).ok).toBe(true)
    const rows = responses.reduce((sum, response) => sum + response.rows.length, 0)
    const health = poller.health()
    expect(health.fixes + health.unchanged).toBe(rows)
    expect(health.unchanged).toBeGreaterThan(0)
    // No vehicle is handed on twice in a row with the same time.
    const last = new Map<string, string | number>()
    for (const fix of handed.flatMap((decoded) => decoded.fixes)) {
      expect(last.get(fix.device)).not.toBe(fix.payload.ts)
      last.set(fix.device, fix.payload.ts)
    }
  })

  it('an HTML page and an empty body are errors, each handed on as one unexpected_content rejection', async () => {
    const html = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>'
    const server = await feedServer([send(html, { 'content-type': 'text/html' }), send('', PROTOBUF), send(await readFile(REAL_FEEDS.bullRunnerVp), PROTOBUF)])
    const { poller, handed } = pollerFor(server.url)
    expect(await poller.pollOnce()).toEqual({ ok: false, nextDelayMs: 20 })
    expect(await poller.pollOnce()).toEqual({ ok: false, nextDelayMs: 40 })
    expect(handed.map((decoded) => decoded.rejections.map((rejection) => rejection.reason))).toEqual([['unexpected_content'], ['unexpected_content']])
    expect(new TextDecoder().decode(handed[0]?.rejections[0]?.payload)).toBe(html)
    expect(poller.health()).toMatchObject({ errors: 2, consecutiveErrors: 2, rejected: 2, lastError: expect.stringContaining('empty body') })
    expect(await poller.pollOnce()).toEqual({ ok: true, nextDelayMs: 10 })
    expect(poller.health()).toMatchObject({ errors: 2, consecutiveErrors: 0, fixes: 10 })
  })

  it('backs off on 500s and returns to the interval once the feed answers again (the loop, start to stop)', async () => {
    const server = await feedServer([
      send('<h1>Internal Server Error</h1>', { 'content-type': 'text/html' }, 500),
      send('upstream down', { 'content-type': 'text/plain' }, 502),
      send(await readFile(REAL_FEEDS.halifaxVp), PROTOBUF),
    ])
    const { poller, handed } = pollerFor(server.url)
    poller.start()
    // The waits themselves (2×, 4× the interval, then the interval) are checked through pollOnce's outcomes above.
    await vi.waitFor(() => expect(poller.health().fixes).toBe(291), { timeout: 10_000, interval: 5 })
    await poller.stop()
    expect(server.requests).toHaveLength(poller.health().polls)
    expect(handed[0]?.rejections[0]).toMatchObject({ reason: 'unexpected_content', detail: expect.stringContaining('HTTP 500') })
    expect(poller.health()).toMatchObject({ errors: 2, consecutiveErrors: 0, rejected: 2, lastError: expect.stringContaining('HTTP 502') })
  })

  it('a request that outlives its timeout is an error, with nothing handed on', async () => {
    const server = await feedServer([() => undefined])
    const { poller, handed } = pollerFor(server.url, { timeoutMs: 100 })
    expect((await poller.pollOnce()).ok).toBe(false)
    expect(poller.health().lastError).toContain('timed out after 100 ms')
    expect(handed).toEqual([])
  })

  it('a refused connection is an error, with nothing handed on', async () => {
    const server = await feedServer([send('', PROTOBUF)])
    servers.splice(0).forEach((s) => s.close())
    const { poller, handed } = pollerFor(server.url)
    expect((await poller.pollOnce()).ok).toBe(false)
    expect(poller.health()).toMatchObject({ errors: 1, lastError: expect.stringContaining('ECONNREFUSED') })
    expect(handed).toEqual([])
  })

  it('when onDecoded fails the poll is an error and the same fixes are handed on again, not called unchanged', async () => {
    const server = await feedServer([withEtag(await readFile(REAL_FEEDS.caltrainVp), '"ct"')])
    let calls = 0
    const poller = new FeedPoller({
      url: server.url, kind: 'gtfs-rt', intervalMs: 10,
      onDecoded: async () => {
        if (++calls === 1) throw new Error('broker away')
      },
    })
    expect(await poller.pollOnce()).toMatchObject({ ok: false })
    expect(server.requests[1]).toBeUndefined()
    expect(await poller.pollOnce()).toMatchObject({ ok: true })
    expect(server.requests[1]?.['if-none-match']).toBeUndefined()
    expect(poller.health()).toMatchObject({ fixes: 14, unchanged: 0, errors: 1, lastError: 'onDecoded failed: broker away' })
  })

  it('stop() waits for the poll in flight, onDecoded included', async () => {
    const server = await feedServer([send(await readFile(REAL_FEEDS.caltrainVp), PROTOBUF)])
    let release: () => void = () => undefined
    let pollerUnderTest: FeedPoller | undefined
    const entered = new Promise<void>((resolve) => {
      const poller = new FeedPoller({
        url: server.url, kind: 'gtfs-rt', intervalMs: 10,
        onDecoded: () => new Promise<void>((done) => { release = done; resolve() }),
      })
      poller.start()
      pollerUnderTest = poller
    })
    await entered
    let stopped = false
    const stopping = pollerUnderTest?.stop().then(() => { stopped = true })
    await new Promise((resolve) => setImmediate(resolve))
    expect(stopped).toBe(false)
    release()
    await stopping
    expect(stopped).toBe(true)
    expect(pollerUnderTest?.health()).toMatchObject({ polls: 1, fixes: 14 })
  })
})
