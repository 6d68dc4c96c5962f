import type { PingRejection } from '@masar/model/telemetry/parse-position-message'
import type { VehiclePing } from '@masar/model/telemetry/ping'

/** One MQTT message as ingest carries it to the database: its pings, its rejections, and how to acknowledge it. */
export interface IngestedMessage {
  topic: string
  receivedAtMs: number
  pings: VehiclePing[]
  rejections: PingRejection[]
  /** Sends the PUBACK: called only once the message's rows are committed. */
  ack(): void
}

/** Messages written in one statement, acknowledged together after it commits. */
export interface PingBatch {
  messages: IngestedMessage[]
  /** Rows this batch will write (pings + rejections). */
  rowCount: number
}

export function rowsOf(message: IngestedMessage): number {
  return message.pings.length + message.rejections.length
}
