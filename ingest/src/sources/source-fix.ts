import type { PingPayload } from '@masar/model/telemetry/ping'
import type { RejectReason } from '@masar/model/telemetry/reject-reasons'

/**
 * The sources other than Masar's own MQTT contract. Each decoder turns what its source sends into fixes in Masar's
 * wire form (PingPayload: ts, lat, lon, speed in m/s …) named by the source's own device id; the gateway maps the
 * device to a vehicle, authenticates it and publishes the fix on the vehicle's Masar topic, so validation, storage,
 * dead letters and the live map are the MQTT path's, once.
 */
export type SourceKind = 'osmand' | 'traccar-json' | 'traccar-url' | 'traccar-mqtt' | 'gtfs-rt' | 'siri-vm'

/** One fix as its source named it: the device (Traccar uniqueId, OsmAnd id, GTFS-RT vehicle id …) and the fix. */
export interface SourceFix {
  device: string
  payload: PingPayload
}

/** Something a decoder refused: a whole body, or one element of it. */
export interface SourceRejection {
  reason: RejectReason
  detail: string
  /** The bytes refused (the body, or the element's own bytes/JSON), kept in the dead letters. */
  payload: Uint8Array
  /** The device, when the decoder could tell it. */
  device?: string
}

export interface DecodedFixes {
  fixes: SourceFix[]
  rejections: SourceRejection[]
}
