import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { DEFAULT_PING_LIMITS } from '@masar/model/telemetry/ping-limits'
import { parsePositionMessage } from '@masar/model/telemetry/parse-position-message'
import { toPingPayload } from '@masar/simulators/replay/replay-trace'
import type { TraceRecord } from '@masar/simulators/replay/trace-record'
import type { JourneyTrips } from '@masar/api/matching/journey-trips'
import type { ReplayPipeline } from './replay-pipeline.js'

/**
 * A recorded trace through the pipeline in recorded time: each record becomes the message its tracker would have
 * published, parsed with ingest's rules at the recorded instant. A record naming its journey (route and scheduled
 * departure, as SIRI does) declares the trip `journeys` finds for it, as a tracker told its trip would. With
 * `hideDeclaredTrips` the trip, route and journey are dropped before the pipeline sees them (positions only, as most
 * trackers send); `afterRecord` is told the trip the operator named (the truth, hidden or not). Returns how many
 * were refused.
 */
export interface ReplayRecordsOptions {
  beforeRecord?: (atMs: number) => void
  afterRecord?: (record: TraceRecord, operatorTripId: string | null) => void
  journeys?: JourneyTrips
  hideDeclaredTrips?: boolean
}

export function replayTraceRecords(records: readonly TraceRecord[], pipeline: ReplayPipeline, agencyId: string, options: ReplayRecordsOptions = {}): { refused: number } {
  const { beforeRecord, afterRecord, journeys, hideDeclaredTrips = false } = options
  let refused = 0
  let seq = 0
  for (const record of records) {
    beforeRecord?.(record.atMs)
    const journeyTripId = journeys && record.routeId !== undefined && record.journeyStartMs !== undefined ? journeys.tripOf(record.routeId, record.journeyStartMs) : null
    const operatorTripId = record.tripId ?? journeyTripId
    const ping = toPingPayload(hideDeclaredTrips ? { ...record, tripId: undefined, routeId: undefined, journeyStartMs: undefined } : record, record.atMs, ++seq)
    if (!hideDeclaredTrips && ping.tripId === undefined && journeyTripId !== null) ping.tripId = journeyTripId
    const payload = Buffer.from(JSON.stringify(ping))
    const parsed = parsePositionMessage(formatPositionTopic(agencyId, record.vehicleId), payload, { ...DEFAULT_PING_LIMITS, nowMs: record.atMs })
    refused += parsed.rejections.length
    for (const ping of parsed.pings) pipeline.receive(ping, record.atMs)
    afterRecord?.(record, operatorTripId)
  }
  return { refused }
}
