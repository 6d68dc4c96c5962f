import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import http, { type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { percentile } from './bench-figures.js'

/**
 * HTTP load for the api bench: autocannon flat out on a worker thread of this process (so the load generator has
 * its own event loop, not the server's), a steady open-loop load, and the peer the feed is compared with: a bare
 * node:http server answering every request with the same bytes and headers, as a static file server would.
 */
export interface HttpLoadOptions {
  url: string
  connections: number
  durationS: number
  headers?: Record<string, string>
}

export interface HttpLoadFigures {
  requestsPerS: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  ok: number
  /** Non-2xx responses, errors and timeouts: must be 0 for the figures to count. */
  failed: number
  /** CPU time of this process's main thread (where the servers run) per answered request, in µs; NaN off Linux. */
  serverCpuUsPerRequest: number
}

/**
 * CPU time used so far by this process's main thread (Linux: /proc/self/task/<pid>/stat, utime + stime in clock
 * ticks of 10 ms). Unlike req/s it hardly depends on what else the machine runs, so on a shared, busy machine it
 * still compares the api with the bare server: the req/s a core could give is 1 / (CPU per request).
 */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // fields 14 and 15 of stat(5), counted from field 3
  } catch {
    return NaN
  }
}

export function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadFigures> {
  const cpuBeforeMs = mainThreadCpuMs()
  return new Promise((resolve, reject) => {
    autocannon({
      url: options.url, connections: options.connections, duration: options.durationS, headers: options.headers, workers: 1,
    }, (err, result) => {
      if (err) return reject(err)
      const ok = result['2xx']
      resolve({
        requestsPerS: ok / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max,
        ok, failed: result.non2xx + result.errors + result.timeouts, serverCpuUsPerRequest: ((mainThreadCpuMs() - cpuBeforeMs) * 1000) / (ok + result.non2xx),
      })
    })
  })
}

/** One GET on a given agent: its status once the whole body is in. */
function getStatus(url: string, agent: http.Agent, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    }).on('error', reject)
  })
}

/**
 * Open-loop load at a steady rate: `connections` keep-alive connections, opened first, each sending once every
 * connections/rate seconds, staggered so requests are evenly spaced (autocannon's rate option releases every
 * connection at the same instant each second, so it measures a burst of `connections` requests instead). A
 * request's latency runs from when it was due, so a late send counts against the server. Runs on this thread.
 */
export async function runSteadyLoad(options: HttpLoadOptions & { ratePerS: number }): Promise<HttpLoadFigures> {
  const headers = options.headers ?? {}
  const agents = Array.from({ length: options.connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }))
  await Promise.all(agents.map((agent) => getStatus(options.url, agent, headers)))
  const latencies: number[] = []
  const pending: Array<Promise<void>> = []
  let failed = 0
  const total = Math.round(options.ratePerS * options.durationS)
  const startedAt = performance.now()
  for (let i = 0; i < total; i++) {
    const dueAt = startedAt + (i * 1000) / options.ratePerS
    const waitMs = dueAt - performance.now()
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs))
    pending.push(getStatus(options.url, agents[i % agents.length]!, headers).then(
      (status) => void (status === 200 ? latencies.push(performance.now() - dueAt) : (failed += 1)),
      () => void (failed += 1),
    ))
  }
  await Promise.all(pending)
  const elapsedS = (performance.now() - startedAt) / 1000
  for (const agent of agents) agent.destroy()
  latencies.sort((a, b) => a - b)
  return { requestsPerS: latencies.length / elapsedS, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1) ?? NaN, ok: latencies.length, failed, serverCpuUsPerRequest: NaN }
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** One GET, body as sent on the wire (not decompressed). */
export function getRaw(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    }).on('error', reject)
  })
}

export interface BareServer {
  url: string
  close(): Promise<void>
}

/** A bare node:http server that answers every request with these bytes and headers, held in memory. */
export async function startBareStaticServer(body: Buffer, headers: Record<string, string>): Promise<BareServer> {
  const head = { ...headers, 'content-length': String(body.byteLength) }
  const server = http.createServer((_request, response) => {
    response.writeHead(200, head)
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
