import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIngestMetrics } from '../metrics.js'
import { IngestPipeline, type BatchSink } from './ingest-pipeline.js'
import type { PingBatch } from './ping-batch.js'

const nowMs = Date.parse('2026-11-23T08:00:00Z')
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const ping = (i: number) => ({ ts: nowMs - 1000 * i, lat: 31.95, lon: 35.91 })

class RecordingSink implements BatchSink {
  readonly batches: PingBatch[] = []
  enqueue(batch: PingBatch): void {
    this.batches.push(batch)
  }
  get queuedMessages(): number {
    return 0
  }
  async idle(): Promise<void> {}
}

function setup(maxRows = 5, maxWaitMs = 100) {
  const sink = new RecordingSink()
  const pipeline = new IngestPipeline({ writer: sink, metrics: createIngestMetrics({ defaultMetrics: false }), maxRows, maxWaitMs, limitsAt: (n) => ({ ...DEFAULT_PING_LIMITS, nowMs: n }) })
  const acks: string[] = []
  const send = (topic: string, payload: unknown, id: string) =>
    pipeline.accept({ topic, payload: encode(payload), receivedAtMs: nowMs, ack: () => acks.push(id) })
  return { sink, pipeline, send, acks }
}

describe('IngestPipeline batching', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('seals a batch when it reaches the row limit', () => {
    const { sink, send } = setup(3)
    for (let i = 0; i < 7; i++) send('masar/v1/gam/vehicles/bus-1/position', ping(i), `m${i}`)
    expect(sink.batches.map((b) => b.rowCount)).toEqual([3, 3])
    expect(sink.batches[0]?.messages.map((m) => m.pings[0]?.recordedAtMs)).toEqual([nowMs, nowMs - 1000, nowMs - 2000])
  })

  it('seals a partial batch after the wait limit, counted from its first message', () => {
    const { sink, send } = setup(100, 100)
    send('masar/v1/gam/vehicles/bus-1/position', ping(1), 'a')
    vi.advanceTimersByTime(60)
    send('masar/v1/gam/vehicles/bus-1/position', ping(2), 'b')
    vi.advanceTimersByTime(39)
    expect(sink.batches).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(sink.batches.map((b) => b.messages.length)).toEqual([2])
  })

  it('never splits a batch message across two batches, and counts its rows', () => {
    const { sink, send } = setup(5)
    send('masar/v1/gam/vehicles/bus-1/position', ping(0), 'single')
    send('masar/v1/gam/vehicles/bus-1/positions', [ping(1), ping(2), ping(3), { lat: 1 }, ping(5), ping(6)], 'batch')
    expect(sink.batches).toHaveLength(1)
    expect(sink.batches[0]?.rowCount).toBe(7)
    expect(sink.batches[0]?.messages[1]?.pings).toHaveLength(5)
    expect(sink.batches[0]?.messages[1]?.rejections.map((r) => r.reason)).toEqual(['missing_field'])
  })

  it('carries rejected messages in the batch so their dead-letter rows commit before the ack', () => {
    const { sink, send, pipeline } = setup(10)
    send('masar/v1/gam/vehicles/bus-1/position', { lat: 0, lon: 0, ts: nowMs }, 'bad')
    send('masar/v1/gam/vehicles/bus 2/position', ping(1), 'bad-topic')
    pipeline.seal()
    expect(sink.batches[0]?.messages.flatMap((m) => m.rejections.map((r) => r.reason))).toEqual(['null_island', 'invalid_vehicle_id'])
  })

  it('acknowledges nothing itself: acks belong to the writer after commit', () => {
    const { sink, send, acks, pipeline } = setup(2)
    send('masar/v1/gam/vehicles/bus-1/position', ping(1), 'a')
    send('masar/v1/gam/vehicles/bus-1/position', ping(2), 'b')
    pipeline.seal()
    expect(acks).toEqual([])
    for (const m of sink.batches[0]?.messages ?? []) m.ack()
    expect(acks).toEqual(['a', 'b'])
  })
})
