import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PingPayload } from '@masar/model/telemetry/ping'
import { describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'
import { replayTrace, type ReplayTraceOptions } from './replay-trace.js'
import type { TraceRecord } from './trace-record.js'

interface Published {
  atMs: number
  vehicleId: string
  topic: string
  ping: PingPayload
}

/** A fake clock that sleeps by moving itself forward, and clients that note what was published when. */
function fakeWorld(startMs = 1_795_420_800_000) {
  let nowMs = startMs
  const published: Published[] = []
  const sleeps: number[] = []
  return {
    published,
    sleeps,
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      nowMs += ms
    },
    clients: {
      publish: async (vehicleId: string, topic: string, payload: string | Buffer) => {
        published.push({ atMs: nowMs, vehicleId, topic, ping: JSON.parse(String(payload)) as PingPayload })
      },
    },
  }
}

function replay(world: ReturnType<typeof fakeWorld>, records: TraceRecord[], options: Partial<ReplayTraceOptions> = {}) {
  return replayTrace({ records, clients: world.clients, agencyId: 'amman-brt', now: world.now, sleep: world.sleep, ...options })
}

const RECORDED_START = Date.UTC(2025, 10, 11, 14, 6, 59)
const at = (seconds: number) => RECORDED_START + seconds * 1000
const trace: TraceRecord[] = [
  { vehicleId: 'a', atMs: at(0), lat: 31.95, lon: 35.91, bearingDeg: 90, routeId: '99' },
  { vehicleId: 'b', atMs: at(0), lat: 31.96, lon: 35.92 },
  { vehicleId: 'a', atMs: at(43), lat: 31.95, lon: 35.91, speedMps: 0 }, // a stale repeat: published as it is
  { vehicleId: 'b', atMs: at(43), lat: 31.3838, lon: 41.0892 }, // a glitch: published as it is
  { vehicleId: 'a', atMs: at(100), lat: 31.951, lon: 35.912, tripId: 't1' },
]

describe('replayTrace', () => {
  it('keeps the recorded spacing at real time and shifts the fix times to start now', async () => {
    const world = fakeWorld()
    const start = world.now()
    const result = await replay(world, trace)
    expect(world.published.map((p) => p.atMs - start)).toEqual([0, 0, 43_000, 43_000, 100_000])
    expect(world.published.map((p) => p.ping.ts)).toEqual(world.published.map((p) => p.atMs))
    expect(result).toEqual({ published: 5, skipped: 0, vehicles: 2, firstAtMs: at(0), lastAtMs: at(100), elapsedMs: 100_000, aborted: false })
  })

  it('divides the spacing by the speed, in publishing and in the fix times', async () => {
    const world = fakeWorld()
    const start = world.now()
    await replay(world, trace, { speed: 10 })
    expect(world.published.map((p) => p.atMs - start)).toEqual([0, 0, 4_300, 4_300, 10_000])
    expect(world.published.map((p) => Number(p.ping.ts) - start)).toEqual([0, 0, 4_300, 4_300, 10_000])
  })

  it('keeps the recorded fix times when asked', async () => {
    const world = fakeWorld()
    await replay(world, trace, { speed: 60, timestamps: 'recorded' })
    expect(world.published.map((p) => p.ping.ts)).toEqual(trace.map((r) => r.atMs))
  })

  it('publishes one ping a record on the vehicle\'s position topic with its own seq and only the fields it knows', async () => {
    const world = fakeWorld()
    const start = world.now()
    await replay(world, trace)
    expect(world.published.map((p) => [p.vehicleId, p.topic, p.ping.seq])).toEqual([
      ['a', 'masar/v1/amman-brt/vehicles/a/position', 0],
      ['b', 'masar/v1/amman-brt/vehicles/b/position', 0],
      ['a', 'masar/v1/amman-brt/vehicles/a/position', 1],
      ['b', 'masar/v1/amman-brt/vehicles/b/position', 1],
      ['a', 'masar/v1/amman-brt/vehicles/a/position', 2],
    ])
    expect(world.published.map((p) => p.ping)).toEqual([
      { ts: start, lat: 31.95, lon: 35.91, bearing: 90, routeId: '99', seq: 0 },
      { ts: start, lat: 31.96, lon: 35.92, seq: 0 },
      { ts: start + 43_000, lat: 31.95, lon: 35.91, speed: 0, seq: 1 },
      { ts: start + 43_000, lat: 31.3838, lon: 41.0892, seq: 1 },
      { ts: start + 100_000, lat: 31.951, lon: 35.912, tripId: 't1', seq: 2 },
    ])
  })

  it('at speed Infinity never waits, keeps a vehicle\'s distinct fix times distinct and a repeated one repeated', async () => {
    const world = fakeWorld()
    const start = world.now()
    const repeated = { vehicleId: 'a', atMs: at(43), lat: 31.95, lon: 35.91 }
    const result = await replay(world, [...trace.slice(0, 3), repeated, ...trace.slice(3)], { speed: Infinity })
    expect(world.sleeps).toEqual([])
    expect(world.published.map((p) => [p.vehicleId, Number(p.ping.ts) - start])).toEqual([['a', 0], ['b', 0], ['a', 1], ['a', 1], ['b', 1], ['a', 2]])
    expect(result.elapsedMs).toBe(0)
  })

  it('leaves out the bearing an Amman log writes as 0 (unknown)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-replay-'))
    try {
      const path = join(dir, 'amman.csv')
      await writeFile(path, [
        'ping_time_local,route,route_source,bus_id,lat,lon,bearing,direction,plate_number,stop_id,source_file',
        '2025-11-11T17:06:59.243497,99,inferred,10975,31.945284,35.9287,0,0,58-10975,10635,log.csv',
        '2025-11-11T17:07:42.1,99,inferred,10975,31.945284,35.9287,120.4,0,58-10975,10635,log.csv',
      ].join('\n'))
      const world = fakeWorld()
      await replay(world, (await readTrace(path)).records, { speed: Infinity })
      expect(world.published.map((p) => p.ping.bearing)).toEqual([undefined, 120.4])
      expect(world.published[0]!.ping).not.toHaveProperty('bearing')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('counts records that cannot be pings as skipped, and refuses a speed of 0', async () => {
    const world = fakeWorld()
    const result = await replay(world, [{ vehicleId: 'bus 1', atMs: at(0), lat: 1, lon: 1 }, { vehicleId: 'a', atMs: Number.NaN, lat: 1, lon: 1 }, trace[0]!])
    expect(result).toMatchObject({ published: 1, skipped: 2 })
    await expect(replay(world, trace, { speed: 0 })).rejects.toMatchObject({ code: 'REPLAY_INVALID_OPTION' })
  })

  it('stops between two records when its signal is aborted', async () => {
    const world = fakeWorld()
    const stop = new AbortController()
    const result = await replay(world, trace, { signal: stop.signal, onProgress: (p) => p.published === 2 && stop.abort() })
    expect(result).toMatchObject({ published: 2, aborted: true })
  })

  it('reports progress after every ping with the trace clock', async () => {
    const world = fakeWorld()
    const clocks: number[] = []
    await replay(world, trace, { speed: 2, onProgress: (p) => clocks.push(p.replayedAtMs) })
    expect(clocks).toEqual(trace.map((r) => r.atMs))
  })
})
