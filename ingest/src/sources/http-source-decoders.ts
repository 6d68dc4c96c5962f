import { decodeOsmAnd } from './osmand/decode-osmand.js'
import type { DecodedFixes } from './source-fix.js'
import type { HttpSourceDecoders } from './sources-server.js'
import { decodeTraccarJson } from './traccar/decode-traccar-json.js'
import { decodeTraccarUrl } from './traccar/decode-traccar-url.js'

/** The sources' decoders, as the gateway takes them. Traccar's MQTT forwarder publishes what its JSON forwarder posts. */
export const httpSourceDecoders: HttpSourceDecoders & { traccarMqtt(payload: Uint8Array): DecodedFixes } = {
  osmand: decodeOsmAnd,
  traccarJson: decodeTraccarJson,
  traccarUrl: decodeTraccarUrl,
  traccarMqtt: decodeTraccarJson,
}
