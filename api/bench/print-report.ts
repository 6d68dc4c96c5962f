import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fmt, median, mib, ms, verdict, type MemoryFigures } from './bench-figures.js'
import type { HttpLoadFigures } from './http-load.js'
import type { LiveLatencyFigures } from './live-latency.js'

/** The api bench's figures, one table: measure | figure | target and whether it was met. */
export interface ApiBenchResults {
  fleet: number
  largeFleet: number
  connections: number
  feed?: { ours: HttpLoadFigures[]; bare: HttpLoadFigures[]; bytes: number }
  vehicles?: { paced: HttpLoadFigures; pacedRate: number; flatOut: HttpLoadFigures; bytes: number }
  live?: LiveLatencyFigures
  liveLarge?: LiveLatencyFigures & { ratePerSecond: number }
  memory: { before: MemoryFigures; fleet: MemoryFigures; largeFleet?: MemoryFigures }
  /** The realtime engine's process at the end (RSS), the reader's (this process, autocannon's worker included). */
  engineRssBytes?: number
  readerRss?: MemoryFigures
  /** Seconds from the leader killed to this reader following its standby; the standby's RSS once leading. */
  failoverS?: number
  standbyRssBytes?: number
  startLoadAverage: number
}

type Row = [measure: string, figure: string, target?: string, met?: boolean]

const rounds = (runs: HttpLoadFigures[]) => runs.map((r) => fmt(r.requestsPerS)).join(', ')
const failed = (runs: HttpLoadFigures[]) => {
  const n = runs.reduce((sum, r) => sum + r.failed, 0)
  return n === 0 ? '' : `; ${fmt(n)} non-2xx/errors: NOT VALID`
}
const latency = (f: { p50Ms: number; p99Ms: number; maxMs: number }) => `p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}`
const memory = (m: MemoryFigures) => `${mib(m.heapUsedBytes)} heap used / ${mib(m.rssBytes)} RSS`

/** The median of the rounds' ratios: each round pairs two runs made back to back, under the same load of the machine. */
export function feedRatio(feed: NonNullable<ApiBenchResults['feed']>): number {
  return median(feed.ours.map((r, i) => r.requestsPerS / feed.bare[i]!.requestsPerS))
}

/** Bare CPU per request ÷ ours, median of the rounds: the share of a bare server's req/s a core gives the api. */
export function feedCpuRatio(feed: NonNullable<ApiBenchResults['feed']>): number {
  return median(feed.ours.map((r, i) => feed.bare[i]!.serverCpuUsPerRequest / r.serverCpuUsPerRequest))
}

function feedRows(feed: NonNullable<ApiBenchResults['feed']>, fleet: number): Row[] {
  const perRound = feed.ours.map((r, i) => (r.requestsPerS / feed.bare[i]!.requestsPerS).toFixed(2)).join(', ')
  const ratio = feedRatio(feed)
  return [
    [`(1) GTFS-RT vehicle positions, ${fleet} vehicles, api`, `${fmt(median(feed.ours.map((r) => r.requestsPerS)))} req/s (rounds: ${rounds(feed.ours)})${failed(feed.ours)}`],
    [`    same ${fmt(feed.bytes)} gzip bytes, bare node:http`, `${fmt(median(feed.bare.map((r) => r.requestsPerS)))} req/s (rounds: ${rounds(feed.bare)})${failed(feed.bare)}`],
    ['    ratio api / bare (median of the rounds)', `${ratio.toFixed(2)}× (per round: ${perRound})`, '≥ 0.8×', ratio >= 0.8],
    ['    server CPU per request, api / bare', `${fmt(median(feed.ours.map((r) => r.serverCpuUsPerRequest)))} µs / ${fmt(median(feed.bare.map((r) => r.serverCpuUsPerRequest)))} µs: bare ÷ api ${feedCpuRatio(feed).toFixed(2)}× (per round: ${feed.ours.map((r, i) => (feed.bare[i]!.serverCpuUsPerRequest / r.serverCpuUsPerRequest).toFixed(2)).join(', ')})`, '(robust to a busy machine)'],
  ]
}

function rows(r: ApiBenchResults): Row[] {
  const out: Row[] = []
  if (r.feed) out.push(...feedRows(r.feed, r.fleet))
  if (r.vehicles) {
    const { paced, pacedRate, flatOut, bytes } = r.vehicles
    out.push([`(2) /api/v1/vehicles (${fmt(bytes)} B), ${r.connections} conn., ${fmt(pacedRate)} req/s`, `${latency(paced)}${failed([paced])}`, 'p99 < 10 ms', paced.p99Ms < 10])
    out.push([`    same, ${r.connections} connections flat out`, `${latency(flatOut)} at ${fmt(flatOut.requestsPerS)} req/s${failed([flatOut])}`, `(not a target: latency here is queueing, ≈ ${r.connections} connections ÷ req/s)`])
  }
  const live = (name: string, f: LiveLatencyFigures, targetMs: number): Row =>
    [name, `${latency(f)}; ${fmt(f.delivered)} of ${fmt(f.published)} delivered; worst at +${f.worstSecond.atS} s; api event-loop delay p99 ${ms(f.loopDelayP99Ms)}, max ${ms(f.loopDelayMaxMs)}${f.closedBy ? `; server closed the socket: ${f.closedBy}` : ''}`, `p99 < ${fmt(targetMs)} ms`, f.p99Ms < targetMs && f.delivered === f.published]
  if (r.live) out.push(live(`(3) ping → WebSocket, ${r.fleet} buses at 1 Hz`, r.live, 250))
  if (r.liveLarge) out.push(live(`    ping → WebSocket, ${fmt(r.largeFleet)} vehicles, ${fmt(r.liveLarge.ratePerSecond)}/s`, r.liveLarge, 1000))
  out.push(['(4) memory after GC, before the api started', memory(r.memory.before)])
  out.push([`    with ${r.fleet} vehicles`, memory(r.memory.fleet)])
  if (r.memory.largeFleet) {
    const perVehicle = (r.memory.largeFleet.heapUsedBytes - r.memory.fleet.heapUsedBytes) / (r.largeFleet - r.fleet)
    out.push([`    with ${fmt(r.largeFleet)} vehicles`, `${memory(r.memory.largeFleet)} (≈ ${fmt(perVehicle)} B of heap a vehicle)`])
  }
  if (r.engineRssBytes !== undefined && r.readerRss) {
    out.push(['(5) memory of each part at the end', `api reader ${memory(r.readerRss)} (this process, autocannon's worker included); realtime engine ${mib(r.engineRssBytes)} RSS (its own process)`])
  }
  if (r.failoverS !== undefined) {
    out.push(['    failover: leader killed -9 → the reader follows the standby', `${r.failoverS.toFixed(1)} s${r.standbyRssBytes ? `; the new leader ${mib(r.standbyRssBytes)} RSS` : ''}`, '< 10 s', r.failoverS < 10])
  }
  return out
}

/** CPU pressure (Linux PSI): the share of the last minute some runnable task waited for a CPU. */
function cpuPressure(): string {
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))
    return some ? `; CPU pressure (tasks waiting for a CPU) ${some[2]} % over the last minute` : ''
  } catch {
    return ''
  }
}

export function printReport(results: ApiBenchResults): void {
  const table = rows(results)
  const width = Math.max(...table.map(([measure]) => measure.length))
  console.log('')
  console.log(`${'measure'.padEnd(width)} | figure | target`)
  for (const [measure, figure, target, met] of table) console.log(`${measure.padEnd(width)} | ${figure}${target ? ` | ${target}${met === undefined ? '' : `: ${verdict(met)}`}` : ''}`)
  if (results.live && results.liveLarge) {
    console.log(`${' '.repeat(width)}   (the snapshot on connecting: ${fmt(results.live.snapshotVehicles)} vehicles in ${ms(results.live.snapshotMs)}, ${fmt(results.liveLarge.snapshotVehicles)} in ${ms(results.liveLarge.snapshotMs)})`)
  }
  console.log(`machine: load average (1 min) ${results.startLoadAverage.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} cores${cpuPressure()}`)
  const checked = table.filter(([, , , met]) => met !== undefined)
  const met = (ok: boolean) => verdict(ok)
  const parts = [
    results.feed && `feed ${feedRatio(results.feed).toFixed(2)}× bare (≥ 0.8×: ${met(feedRatio(results.feed) >= 0.8)})`,
    results.vehicles && `/api/v1/vehicles p99 ${ms(results.vehicles.paced.p99Ms)} (< 10 ms: ${met(results.vehicles.paced.p99Ms < 10)})`,
    results.live && `live p99 ${ms(results.live.p99Ms)} with ${results.fleet} buses (< 250 ms: ${met(results.live.p99Ms < 250 && results.live.delivered === results.live.published)})`,
    results.liveLarge && `${ms(results.liveLarge.p99Ms)} with ${fmt(results.largeFleet)} (< 1 s: ${met(results.liveLarge.p99Ms < 1000 && results.liveLarge.delivered === results.liveLarge.published)})`,
    `heap ${mib(results.memory.fleet.heapUsedBytes)}${results.memory.largeFleet ? ` → ${mib(results.memory.largeFleet.heapUsedBytes)}` : ''}`,
  ].filter(Boolean)
  console.log(`summary: ${parts.join('; ')} — ${checked.filter(([, , , ok]) => ok).length} of ${checked.length} targets met`)
}
