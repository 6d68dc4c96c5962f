import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import { toPingPayload } from '@masar/simulators/replay/replay-trace'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import type { ReplayPipeline } from './replay-pipeline.js'

/**
 * A recorded trace through the pipeline in recorded time: each record becomes the message its tracker would have
 * published, parsed with ingest's rules at the recorded instant. Returns how many were refused.
 */
export function replayTraceRecords(records: readonly TraceRecord[], pipeline: ReplayPipeline, agencyId: string, beforeRecord?: (atMs: number) => void): { refused: number } {
  let refused = 0
  let seq = 0
  for (const record of records) {
    beforeRecord?.(record.atMs)
    const payload = Buffer.from(JSON.stringify(toPingPayload(record, record.atMs, ++seq)))
    const parsed = parsePositionMessage(formatPositionTopic(agencyId, record.vehicleId), payload, { ...DEFAULT_PING_LIMITS, nowMs: record.atMs })
    refused += parsed.rejections.length
    for (const ping of parsed.pings) pipeline.receive(ping, record.atMs)
  }
  return { refused }
}
