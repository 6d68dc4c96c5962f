import { parseArgs } from 'node:util'
import { publishLoad } from './publish-load.js'

/** `npm run sim:load -- --vehicles 10000 --pings 10 --rate 5000`: publishes load and prints the rate achieved as JSON. */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
    protocol: { type: 'string', default: '5' },
    agency: { type: 'string', default: 'load' },
    vehicles: { type: 'string', default: '1000' },
    pings: { type: 'string', default: '10' },
    'per-message': { type: 'string', default: '1' },
    connections: { type: 'string', default: '4' },
    rate: { type: 'string' },
    'fix-time': { type: 'string', default: 'spaced' },
  },
})

const result = await publishLoad({
  url: values.url,
  protocolVersion: values.protocol === '4' ? 4 : 5,
  agencyId: values.agency,
  vehicles: Number(values.vehicles),
  pingsPerVehicle: Number(values.pings),
  pingsPerMessage: Number(values['per-message']),
  connections: Number(values.connections),
  ratePerSecond: values.rate ? Number(values.rate) : undefined,
  fixTime: values['fix-time'] === 'publish-time' ? 'publish-time' : 'spaced',
  onProgress: ({ publishedPings, pingsPerSecond }) =>
    process.stderr.write(`\rload: ${publishedPings.toLocaleString('en-US')} pings published, ${Math.round(pingsPerSecond).toLocaleString('en-US')} pings/s`),
})
process.stderr.write('\n')
console.log(JSON.stringify(result))
