import type { LoadResult } from '@masar/simulators/load/publish-load'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import { percentile, waitFor } from './bench-figures.js'

/**
 * Ping → WebSocket delivery latency: a client on /api/v1/live (no filter) takes the snapshot, then the publisher
 * runs; every ping carries its publish moment as its fix time, so each `vehicle` message's latency is the moment
 * it was received minus its `fixAt`. Both clocks are this machine's.
 */
export interface LiveLatencyFigures {
  published: number
  delivered: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  snapshotVehicles: number
  /** From opening the socket to holding the parsed snapshot. */
  snapshotMs: number
  /** Why the server closed the socket, if it did. */
  closedBy: string | null
  /** This process's (the api's) event-loop delay while the pings flowed: a stall here is the api's own. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** The publish second with the worst latency, and that latency: one stall, or slow throughout? */
  worstSecond: { atS: number; maxMs: number }
}

type LiveMessage = { type: 'snapshot'; vehicles: unknown[] } | { type: 'vehicle'; vehicle: { fixAt: string } } | { type: 'health' }

/** How long to wait for stragglers once the publisher is done and no message has come. */
const SETTLE_MS = 2000

export async function measureLiveLatency(apiUrl: string, publish: () => Promise<LoadResult>): Promise<LiveLatencyFigures> {
  const openedAt = performance.now()
  const socket = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/api/v1/live`)
  const latencies: number[] = []
  const worstBySecond = new Map<number, number>()
  let fromMs = Infinity
  let snapshotVehicles = -1
  let snapshotMs = NaN
  let lastMessageAt = Date.now()
  let closedBy: string | null = null
  socket.on('message', (data) => {
    const receivedAtMs = Date.now()
    lastMessageAt = receivedAtMs
    const message = JSON.parse(String(data)) as LiveMessage
    if (message.type === 'vehicle') {
      const fixAtMs = Date.parse(message.vehicle.fixAt)
      if (fixAtMs < fromMs) return
      latencies.push(receivedAtMs - fixAtMs)
      const second = Math.floor((fixAtMs - fromMs) / 1000)
      worstBySecond.set(second, Math.max(worstBySecond.get(second) ?? 0, receivedAtMs - fixAtMs))
    } else if (message.type === 'snapshot') {
      snapshotVehicles = message.vehicles.length
      snapshotMs = performance.now() - openedAt
    }
  })
  socket.on('close', (code, reason) => (closedBy = closedBy ?? `${code} ${String(reason)}`))
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  await waitFor(() => snapshotVehicles >= 0, 60_000, 'the live snapshot')
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  fromMs = Date.now()
  const load = await publish()
  await waitFor(() => latencies.length >= load.publishedPings || Date.now() - lastMessageAt > SETTLE_MS || closedBy !== null, 120_000, 'the live updates')
  loopDelay.disable()
  if (process.env.BENCH_TIMELINE) console.log(`    worst latency per publish second: ${[...worstBySecond].sort((a, b) => a[0] - b[0]).map(([second, worst]) => `+${second} s ${worst} ms`).join(', ')}`)
  const [atS, maxMs] = [...worstBySecond].reduce((worst, entry) => (entry[1] > worst[1] ? entry : worst), [-1, -Infinity])
  const serverClosed = closedBy
  socket.close()
  latencies.sort((a, b) => a - b)
  return {
    published: load.publishedPings, delivered: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1) ?? NaN,
    snapshotVehicles, snapshotMs, closedBy: serverClosed,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6, worstSecond: { atS, maxMs },
  }
}
