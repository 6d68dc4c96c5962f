import { setTimeout as sleepFor } from 'node:timers/promises'
import type { PingPayload } from '@masar/model/telemetry/ping'
import { IDENTIFIER_PATTERN, formatPositionTopic } from '@masar/model/telemetry/topics'
import type { VehicleClients } from '../mqtt/vehicle-clients.js'
import { TraceError } from './trace-error.js'
import type { TraceRecord } from './trace-record.js'

/**
 * Replay mode: publishes recorded positions as their vehicles' trackers would, one ping a record on the vehicle's
 * …/position topic, keeping the recorded spacing divided by `speed`. Stale repeats and glitches go out as recorded.
 */
export interface ReplayTraceOptions {
  /** In time order (readTrace sorts); a record earlier than the one before it is published at once. */
  records: Iterable<TraceRecord> | AsyncIterable<TraceRecord>
  clients: Pick<VehicleClients, 'publish'>
  agencyId: string
  /** 1 = real time, 10 = ten times faster, Infinity = as fast as the broker takes them. Default 1. */
  speed?: number
  /**
   * shifted (default): the first record's fix time becomes the start of the replay and the others follow at their
   * recorded distance divided by speed, so ingest takes an old trace as live traffic. A vehicle's distinct fix times
   * stay distinct (at least 1 ms apart, which is all of them at speed Infinity); a repeated one stays repeated.
   * recorded: the trace's own fix times (ingest refuses those older than its retention window).
   */
  timestamps?: 'shifted' | 'recorded'
  now?: () => number
  /** Waits ms milliseconds; default a timer that the signal cuts short. */
  sleep?: (ms: number) => Promise<void>
  onProgress?: (progress: ReplayProgress) => void
  /** Stops the replay between two records. */
  signal?: AbortSignal
}

export interface ReplayProgress {
  published: number
  skipped: number
  vehicles: number
  /** Recorded time of the last published record (the trace's clock), epoch ms. */
  replayedAtMs: number
  elapsedMs: number
}

export interface ReplayResult {
  published: number
  /** Records that could not become a ping (a malformed vehicle id or a non-finite time or position). */
  skipped: number
  vehicles: number
  /** Recorded times of the first and last published records, epoch ms; null when nothing was published. */
  firstAtMs: number | null
  lastAtMs: number | null
  elapsedMs: number
  /** The signal stopped the replay before the last record. */
  aborted: boolean
}

interface VehicleState {
  nextSeq: number
  lastAtMs: number
  lastTs: number
}

/** setTimeout's longest delay; longer waits (a month-long gap at real time) are taken in turns. */
const MAX_TIMER_MS = 2 ** 31 - 1

function isPublishable(record: TraceRecord): boolean {
  return IDENTIFIER_PATTERN.test(record.vehicleId) && Number.isFinite(record.atMs) && Number.isFinite(record.lat) && Number.isFinite(record.lon)
}

/** The fix time to publish: the scheduled instant, nudged so a vehicle's distinct recorded times stay distinct. */
function shiftedTs(scheduledMs: number, record: TraceRecord, state: VehicleState | undefined): number {
  const ts = Math.round(scheduledMs)
  if (!state) return ts
  if (record.atMs === state.lastAtMs) return state.lastTs
  return record.atMs > state.lastAtMs && ts <= state.lastTs ? state.lastTs + 1 : ts
}

export function toPingPayload(record: TraceRecord, ts: number, seq: number): PingPayload {
  const ping: PingPayload = { ts, lat: record.lat, lon: record.lon }
  if (record.speedMps !== undefined) ping.speed = record.speedMps
  if (record.bearingDeg !== undefined) ping.bearing = record.bearingDeg
  if (record.tripId !== undefined) ping.tripId = record.tripId
  if (record.routeId !== undefined) ping.routeId = record.routeId
  ping.seq = seq
  return ping
}

function checkOptions(options: ReplayTraceOptions, speed: number): void {
  if (!(speed > 0)) throw new TraceError('REPLAY_INVALID_OPTION', `speed must be a number above 0 (1 = real time, Infinity = as fast as possible), got ${speed}`)
  if (!IDENTIFIER_PATTERN.test(options.agencyId)) throw new TraceError('REPLAY_INVALID_OPTION', `agency id "${options.agencyId}" must be 1–64 letters, digits, "_", "-" or "."`)
}

async function waitUntil(scheduledMs: number, now: () => number, sleep: (ms: number) => Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  for (let waitMs = scheduledMs - now(); waitMs >= 1 && !signal?.aborted; waitMs = scheduledMs - now()) {
    await sleep(Math.min(waitMs, MAX_TIMER_MS))
  }
}

export async function replayTrace(options: ReplayTraceOptions): Promise<ReplayResult> {
  const speed = options.speed ?? 1
  checkOptions(options, speed)
  const { clients, agencyId, signal } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms, undefined, { signal }).catch(() => {}))
  const recordedTimestamps = options.timestamps === 'recorded'
  const vehicles = new Map<string, VehicleState>()
  const startedMs = now()
  let published = 0
  let skipped = 0
  let firstAtMs: number | null = null
  let lastAtMs: number | null = null
  let aborted = false

  for await (const record of options.records) {
    if (signal?.aborted) {
      aborted = true
      break
    }
    if (!isPublishable(record)) {
      skipped += 1
      continue
    }
    firstAtMs ??= record.atMs
    const scheduledMs = startedMs + (record.atMs - firstAtMs) / speed
    await waitUntil(scheduledMs, now, sleep, signal)
    if (signal?.aborted) {
      aborted = true
      break
    }

    const state = vehicles.get(record.vehicleId)
    const ts = recordedTimestamps ? record.atMs : shiftedTs(scheduledMs, record, state)
    const seq = state?.nextSeq ?? 0
    vehicles.set(record.vehicleId, { nextSeq: seq + 1, lastAtMs: record.atMs, lastTs: ts })
    await clients.publish(record.vehicleId, formatPositionTopic(agencyId, record.vehicleId, 'position'), JSON.stringify(toPingPayload(record, ts, seq)))
    published += 1
    lastAtMs = record.atMs
    options.onProgress?.({ published, skipped, vehicles: vehicles.size, replayedAtMs: record.atMs, elapsedMs: now() - startedMs })
  }
  return { published, skipped, vehicles: vehicles.size, firstAtMs, lastAtMs, elapsedMs: now() - startedMs, aborted }
}
