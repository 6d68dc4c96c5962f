import { formatClockLine } from './clock/format-clock-line.js'
import type { Stack } from './start-stack.js'

/** A server URL as the banner shows it: without the password it may carry. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (!parsed.password) return url
    parsed.password = '***'
    return parsed.href
  } catch {
    return '(not a URL)'
  }
}

/**
 * What runs where, for the person who typed `npm start`. No password appears in it: URLs lose theirs, and the first
 * admin's made-up password is shown once in development only (under NODE_ENV=production none is made up).
 */
export function formatBanner(stack: Stack): string {
  const admin = stack.api.firstAdmin
  const rows: Array<[string, string]> = [
    ['MQTT broker', `${withoutPassword(stack.brokerUrl)}${stack.embeddedBroker ? '  (embedded aedes, MQTT 3.1.1)' : ''}`],
    ['Database', `${withoutPassword(stack.databaseUrl)}${stack.embeddedDatabase ? '  (embedded TimescaleDB)' : stack.timescale ? '  (TimescaleDB)' : '  (PostgreSQL, no TimescaleDB)'}`],
    ['Data directory', stack.dataDir ?? '(the database server keeps the data)'],
    ['Ingest health', stack.ingest.httpUrl ? `${stack.ingest.httpUrl}/readyz   metrics: ${stack.ingest.httpUrl}/metrics` : '(not served)'],
    ['Dashboard', `riders: ${stack.api.url}/   dispatchers: ${stack.api.url}/#/dispatch`],
    ['API', `${stack.api.url}   GTFS-Realtime: ${stack.api.url}/gtfs-rt/vehicle-positions.pb   static: ${stack.api.url}/gtfs/gtfs.zip   fleet: ${stack.api.url}/api/v1/vehicles`],
    ['API metrics', `${stack.api.metricsUrl}/metrics`],
    ['SMS webhook', stack.smsGatewaySecret === null ? 'off (set SMS_GATEWAY_SECRET to turn it on)'
      : stack.production ? `POST ${stack.api.url}/api/v1/sms/inbound  header X-Sms-Gateway-Secret: the SMS_GATEWAY_SECRET given (or ?secret=)`
        : `POST ${stack.api.url}/api/v1/sms/inbound  header X-Sms-Gateway-Secret: ${stack.smsGatewaySecret}  (or ?secret=; SMS_GATEWAY_SECRET sets it)`],
    ...(admin ? [stack.production
      ? ['Admin login', `${admin.username} / the API_ADMIN_PASSWORD given   POST ${stack.api.url}/api/v1/auth/token`] as [string, string]
      : ['Admin login (shown once)', `${admin.username} / ${admin.password}   POST ${stack.api.url}/api/v1/auth/token`] as [string, string]] : []),
    stack.replay
      ? ['Trace replay', `on: ${stack.replay.vehicles} recorded buses, each its own MQTT client, at the instants they were recorded (the clock below); the fleet simulator is off`] as [string, string]
      : ['Fleet simulator', stack.simulation ? 'on: the buses of the day\'s service, in real time on the clock below, each its own MQTT client (MASAR_SIMULATOR=false turns it off)' : 'off'] as [string, string],
    ['Clock', formatClockLine(stack.clock)],
    ['Trackers publish to', `${withoutPassword(stack.brokerUrl)}  topic masar/v1/{agencyId}/vehicles/{vehicleId}/position`],
    ['Phones and Traccar', stack.ingest.sourcesUrl
      ? `OsmAnd / Traccar Client: ${stack.ingest.sourcesUrl}/?id=bus-0001&lat=…&lon=…&timestamp=…   Traccar forwarders: ${stack.ingest.sourcesUrl}/traccar/json, /traccar/url, MQTT traccar/{source}/positions`
      : 'off (SOURCES_HTTP_PORT turns the OsmAnd / Traccar listener on)'],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return ['', 'Masar is running. Ctrl-C stops it.', ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), ''].join('\n')
}
