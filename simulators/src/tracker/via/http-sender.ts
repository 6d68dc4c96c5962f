import http from 'node:http'
import https from 'node:https'

/**
 * Sends the simulated trackers' HTTP requests over kept-alive connections, each vehicle's in order (a phone sends
 * its next fix once the last is answered; so does a Traccar forwarding a device, in effect). At least once: a
 * request not answered 2xx (a 5xx, a redirect, no answer at all) is sent again after a delay that doubles up to
 * `maxRetryDelayMs`; a 4xx is the gateway refusing it (bad key, unknown device, malformed), counted and dropped.
 */
export interface HttpSendRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpSenderOptions {
  maxSockets?: number
  firstRetryDelayMs?: number
  maxRetryDelayMs?: number
  timeoutMs?: number
}

export interface HttpSenderStats {
  accepted: number
  refused: number
  retries: number
  /** Requests still unanswered when the sender was closed. */
  abandoned: number
  refusedByStatus: Record<string, number>
}

export interface HttpSender {
  /** Queues the request behind the vehicle's earlier ones; resolves once it is answered for good. */
  send(vehicleId: string, request: HttpSendRequest): Promise<'accepted' | 'refused' | 'abandoned'>
  stats(): HttpSenderStats
  /** Waits for what is queued (up to `graceMs`), then gives up on the rest. */
  close(graceMs?: number): Promise<void>
}

type Answer = { status: number } | { error: Error }

function requestOnce(request: HttpSendRequest, agents: { http: http.Agent; https: https.Agent }, timeoutMs: number): Promise<Answer> {
  const url = new URL(request.url)
  const transport = url.protocol === 'https:' ? https : http
  const headers = request.body === undefined ? request.headers : { 'content-length': String(Buffer.byteLength(request.body)), ...request.headers }
  return new Promise((resolve) => {
    const req = transport.request(url, { method: request.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http, timeout: timeoutMs }, (res) => {
      res.resume() // drain, so the connection goes back to the pool
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
      res.on('error', (error) => resolve({ error }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', (error) => resolve({ error }))
    req.end(request.body)
  })
}

export function createHttpSender(options: HttpSenderOptions = {}): HttpSender {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 }
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) }
  const firstDelayMs = options.firstRetryDelayMs ?? 200
  const maxDelayMs = options.maxRetryDelayMs ?? 5000
  const timeoutMs = options.timeoutMs ?? 10_000
  const stats: HttpSenderStats = { accepted: 0, refused: 0, retries: 0, abandoned: 0, refusedByStatus: {} }
  const queues = new Map<string, Promise<unknown>>()
  let closing = false

  async function deliver(request: HttpSendRequest): Promise<'accepted' | 'refused' | 'abandoned'> {
    for (let delayMs = firstDelayMs; ; delayMs = Math.min(maxDelayMs, delayMs * 2)) {
      if (closing) break
      const answer = await requestOnce(request, agents, timeoutMs)
      if ('status' in answer && answer.status >= 200 && answer.status < 300) {
        stats.accepted += 1
        return 'accepted'
      }
      if ('status' in answer && answer.status >= 400 && answer.status < 500) {
        stats.refused += 1
        stats.refusedByStatus[answer.status] = (stats.refusedByStatus[answer.status] ?? 0) + 1
        return 'refused'
      }
      if (closing) break
      stats.retries += 1
      await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
    stats.abandoned += 1
    return 'abandoned'
  }

  return {
    send(vehicleId, request) {
      const previous = queues.get(vehicleId) ?? Promise.resolve()
      const result = previous.then(() => deliver(request))
      queues.set(vehicleId, result)
      void result.then(() => queues.get(vehicleId) === result && queues.delete(vehicleId))
      return result
    },
    stats: () => ({ ...stats, refusedByStatus: { ...stats.refusedByStatus } }),
    async close(graceMs = 10_000) {
      const all = Promise.all(queues.values())
      const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref())
      await Promise.race([all, timer])
      closing = true
      agents.http.destroy() // what is still in flight fails now; nothing is retried any more
      agents.https.destroy()
      await all
    },
  }
}
