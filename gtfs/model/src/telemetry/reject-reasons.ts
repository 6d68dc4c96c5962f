/**
 * Why ingest refused a ping. Snake case: these are metric labels (`masar_ingest_rejected_total{reason}`)
 * and the `reason` column of the dead-letter table `ping_rejects`. A public contract: never rename one.
 */
export const REJECT_REASONS = [
  'payload_too_large', // a single ping over 4 KiB, or a batch message over its limit
  'malformed_json', // the payload is not JSON
  'invalid_topic', // the topic is not masar/v1/{agencyId}/vehicles/{vehicleId}/position(s)
  'invalid_vehicle_id', // the vehicle id in the topic is malformed
  'missing_field', // ts, lat or lon absent
  'wrong_type', // a field has the wrong JSON type (or the payload is not an object / the batch not an array)
  'invalid_timestamp', // ts is not ISO 8601 with a zone or epoch milliseconds
  'out_of_range', // lat/lon/bearing/accuracy/speed/seq outside their domain
  'null_island', // lat = lon = 0: a tracker without a fix
  'future_timestamp', // fix time more than the allowed skew ahead of the receive time
  'stale_timestamp', // fix time older than the retention window
  'impossible_speed', // reported speed above what a bus can do
  'storage_rejected', // valid by the contract, but the database refused the row (kept so nothing is lost)
  'rate_limited', // valid, but over its vehicle's rate (ingest's INGEST_VEHICLE_FIXES_PER_S, with a burst): a flood
  // Sources other than Masar's own MQTT contract (Traccar, OsmAnd phones, GTFS-Realtime and SIRI-VM feeds):
  'unauthenticated', // an HTTP device's token or a source's key is missing or wrong
  'unknown_device', // the device id is not provisioned (or was revoked) and its source may not register devices
  'malformed_body', // the body is not in the source's format (broken form, JSON, protobuf or XML)
  'unexpected_content', // a vendor feed answered something else: HTML, an empty body, another content type
] as const

export type RejectReason = (typeof REJECT_REASONS)[number]

/** The reasons only a source other than Masar's MQTT contract can cause (a Masar tracker cannot). */
export const SOURCE_REJECT_REASONS: readonly RejectReason[] = ['unauthenticated', 'unknown_device', 'malformed_body', 'unexpected_content']
