import { decodeOsmAnd } from './osmand/decode-osmand.js'
import { decodeTraccarJson } from './traccar/decode-traccar-json.js'
import { decodeTraccarUrl } from './traccar/decode-traccar-url.js'

/** The decoders of the sources that reach ingest over HTTP, and of Traccar's MQTT forwarder (its JSON forwarder's payload). */
export const httpSourceDecoders = {
  osmand: decodeOsmAnd,
  traccarJson: decodeTraccarJson,
  traccarUrl: decodeTraccarUrl,
  traccarMqtt: decodeTraccarJson,
}
