import { formatClockLine } from './clock/format-clock-line.js'
import type { Stack } from './start-stack.js'

/** What runs where, for the person who typed `npm start`. */
export function formatBanner(stack: Stack): string {
  const rows: Array<[string, string]> = [
    ['MQTT broker', `${stack.brokerUrl}${stack.embeddedBroker ? '  (embedded aedes, MQTT 3.1.1)' : ''}`],
    ['Database', `${stack.databaseUrl}${stack.embeddedDatabase ? '  (embedded TimescaleDB)' : stack.timescale ? '  (TimescaleDB)' : '  (PostgreSQL, no TimescaleDB)'}`],
    ['Data directory', stack.dataDir ?? '(the database server keeps the data)'],
    ['Ingest health', stack.ingest.httpUrl ? `${stack.ingest.httpUrl}/readyz   metrics: ${stack.ingest.httpUrl}/metrics` : '(not served)'],
    ['Dashboard', `riders: ${stack.api.url}/   dispatchers: ${stack.api.url}/#/dispatch`],
    ['API', `${stack.api.url}   GTFS-Realtime: ${stack.api.url}/gtfs-rt/vehicle-positions.pb   static: ${stack.api.url}/gtfs/gtfs.zip   fleet: ${stack.api.url}/api/v1/vehicles`],
    ...(stack.api.firstAdmin ? [['Admin login (shown once)', `${stack.api.firstAdmin.username} / ${stack.api.firstAdmin.password}   POST ${stack.api.url}/api/v1/auth/token`] as [string, string]] : []),
    ['Fleet simulator', stack.simulation ? 'on: the buses of the day\'s service, in real time on the clock below, each its own MQTT client (MASAR_SIMULATOR=false turns it off)' : 'off'],
    ['Clock', formatClockLine(stack.clock)],
    ['Trackers publish to', `${stack.brokerUrl}  topic masar/v1/{agencyId}/vehicles/{vehicleId}/position`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return ['', 'Masar is running. Ctrl-C stops it.', ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), ''].join('\n')
}
