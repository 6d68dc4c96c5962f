import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { trackerConfiguration, TrackerProvisioning } from './tracker-provisioning.js'

const USAGE = `npm run provision -- <command> [options]

  add <vehicle-id...>   register trackers, issue each a password, print each tracker's configuration (JSON)
  rotate <vehicle-id>   issue a new password (the old one stops working when the broker reloads)
  remove <vehicle-id>   withdraw a tracker's login
  list                  the registered trackers (no secrets)
  service <username>    set masar-ingest's, masar-realtime's or masar-api's broker password from $MQTT_SERVICE_PASSWORD

  --dir DIR             where Mosquitto's passwd, acl and trackers.json live (default infra/compose/mosquitto)
  --agency ID           the agency in the trackers' topics (default amman)
  --broker URL          the broker URL trackers are given (default mqtts://mqtt.example.org:8883)
  --register            also record the vehicles in the database at $DATABASE_URL

After a change, make the broker reload its files: docker compose kill -s SIGHUP mosquitto`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { dir: { type: 'string', default: 'infra/compose/mosquitto' }, agency: { type: 'string', default: 'amman' }, broker: { type: 'string', default: 'mqtts://mqtt.example.org:8883' }, register: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  })
  const [command, ...ids] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  const provisioning = new TrackerProvisioning(resolve(values.dir))
  switch (command) {
    case 'add': {
      if (ids.length === 0) throw usage('add needs at least one vehicle id')
      const issued = await provisioning.add(ids, values.agency)
      if (values.register) await registerVehicles(ids, values.agency)
      for (const credentials of issued) console.log(JSON.stringify(trackerConfiguration(credentials, values.broker)))
      console.error(`${issued.length} tracker login(s) written to ${provisioning.dir}; the passwords above are shown only now. Reload the broker.`)
      return 0
    }
    case 'rotate': {
      if (ids.length !== 1) throw usage('rotate takes one vehicle id')
      console.log(JSON.stringify(trackerConfiguration(await provisioning.rotate(ids[0]!), values.broker)))
      console.error('New password issued (shown only now). Reload the broker, then load the new configuration into the tracker.')
      return 0
    }
    case 'remove': {
      if (ids.length !== 1) throw usage('remove takes one vehicle id')
      await provisioning.remove(ids[0]!)
      console.error(`${ids[0]} removed. Reload the broker.`)
      return 0
    }
    case 'list':
      for (const r of await provisioning.list()) console.log(`${r.vehicleId}\t${r.agencyId}\tpassword issued ${r.issuedAt}`)
      return 0
    case 'service': {
      const password = process.env.MQTT_SERVICE_PASSWORD
      if (ids.length !== 1 || !password) throw usage('service takes one username, and the password in $MQTT_SERVICE_PASSWORD')
      await provisioning.setServicePassword(ids[0]!, password)
      console.error(`${ids[0]}'s password set. Reload the broker.`)
      return 0
    }
    default:
      throw usage(`unknown command "${command}"`)
  }
}

async function registerVehicles(vehicleIds: string[], agencyId: string): Promise<void> {
  if (!process.env.DATABASE_URL) throw usage('--register needs DATABASE_URL')
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
  try {
    await pool.query('INSERT INTO vehicles (vehicle_id, agency_id) SELECT unnest($1::text[]), $2 ON CONFLICT (vehicle_id) DO NOTHING', [vehicleIds, agencyId])
  } finally {
    await pool.end()
  }
}

const usage = (message: string) => Object.assign(new Error(`${message}\n\n${USAGE}`), { code: 'USAGE' })

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error & { code?: string }) => {
  console.error(`provision failed${err.code ? ` (${err.code})` : ''}: ${err.message}`)
  process.exit(err.code === 'USAGE' ? 2 : 1)
})
