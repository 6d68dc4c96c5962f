import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { sendHttpLoad } from './http-load.js'

/**
 * `node --import tsx simulators/src/load/http-load-cli.ts --url http://127.0.0.1:5055 --kind osmand --vehicles 500 --fixes 40`:
 * sends fixes to the sources listener over keep-alive connections and prints the result as JSON (one line).
 * --tokens FILE: a JSON object vehicle id → token (OsmAnd, provisioned listener); --key: Traccar's source key.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5055' },
    kind: { type: 'string', default: 'osmand' },
    vehicles: { type: 'string', default: '500' },
    fixes: { type: 'string', default: '20' },
    connections: { type: 'string', default: '8' },
    rate: { type: 'string' },
    'fix-time': { type: 'string', default: 'spaced' },
    prefix: { type: 'string', default: 'http' },
    tokens: { type: 'string' },
    key: { type: 'string' },
  },
})
if (values.kind !== 'osmand' && values.kind !== 'traccar-json') throw new Error('--kind must be osmand or traccar-json')
const tokens: Record<string, string> = values.tokens ? JSON.parse(await readFile(values.tokens, 'utf8')) : {}

const result = await sendHttpLoad({
  url: values.url,
  kind: values.kind,
  vehicles: Number(values.vehicles),
  fixesPerVehicle: Number(values.fixes),
  connections: Number(values.connections),
  ratePerSecond: values.rate ? Number(values.rate) : undefined,
  fixTime: values['fix-time'] === 'send-time' ? 'send-time' : 'spaced',
  vehicleIdOf: (i) => `${values.prefix}-${String(i).padStart(5, '0')}`,
  tokenOf: (vehicleId) => tokens[vehicleId],
  key: values.key,
})
console.log(JSON.stringify(result))
