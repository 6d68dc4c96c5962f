/**
 * Where the sources reach Masar: one HTTP listener (default port 5055, Traccar's own OsmAnd port, so phones and
 * gateways configured the usual way work unchanged) and one MQTT topic for Traccar's MQTT forwarder.
 *
 *   GET|POST /               OsmAnd protocol: Traccar Client (Android/iOS), OsmAnd; query, form or Traccar Client JSON
 *                            device token: ?token=… or Authorization: Bearer …
 *   POST     /traccar/json   Traccar forward.type=json: {position, device} per fix
 *   GET|POST /traccar/url    Traccar forward.type=url, with TRACCAR_URL_TEMPLATE's query
 *                            source key (both Traccar paths): Authorization: Bearer … (Traccar's forward.header) or ?key=…
 *   GET|POST /driver         the page a driver's phone opens from the bus's QR code: the trip the bus runs
 *   MQTT     traccar/{sourceId}/positions   Traccar forward.type=mqtt (payload as /traccar/json); the broker lets each
 *            source's login write only its own topic, so the topic names the source
 */
export const DEFAULT_SOURCES_HTTP_PORT = 5055
export const OSMAND_PATH = '/'
export const DRIVER_PATH = '/driver'
export const TRACCAR_JSON_PATH = '/traccar/json'
export const TRACCAR_URL_PATH = '/traccar/url'
/** What Traccar's MQTT forwarder of the source `sourceId` is configured to publish to (forward.topic). */
export function traccarMqttTopic(sourceId: string): string {
  return `traccar/${sourceId}/positions`
}
export const TRACCAR_MQTT_TOPIC_FILTER = traccarMqttTopic('+')

/** The source a Traccar forwarder topic names, or null when the topic is not one. */
export function sourceOfTraccarTopic(topic: string): string | null {
  const parts = topic.split('/')
  return parts.length === 3 && parts[0] === 'traccar' && parts[2] === 'positions' && parts[1] ? parts[1] : null
}

/**
 * The query Traccar's URL forwarder is configured with (`forward.url`, after the listener's base URL and path):
 * Traccar replaces each {placeholder}; speed is in knots, as Traccar keeps it.
 */
export const TRACCAR_URL_QUERY =
  'id={uniqueId}&fixTime={fixTime}&lat={latitude}&lon={longitude}&speed={speed}&course={course}&accuracy={accuracy}&altitude={altitude}&attributes={attributes}'

/** The whole `forward.url` for a Masar listener at `baseUrl` with the source key `key`. */
export function traccarForwardUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/$/, '')}${TRACCAR_URL_PATH}?key=${encodeURIComponent(key)}&${TRACCAR_URL_QUERY}`
}
