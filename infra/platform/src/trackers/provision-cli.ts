import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { appendCredentials, defaultCredentialsPath } from './credentials-file.js'
import { sourceConfiguration, trackerConfiguration, TrackerProvisioning, type IssuedCredentials } from './tracker-provisioning.js'

const USAGE = `npm run provision -- <command> [options]

  add <vehicle-id...>   register trackers, issue each a password, write each tracker's configuration (JSON) to --out
  rotate <vehicle-id>   issue a new password (the old one stops working when the broker reloads), written to --out
  remove <vehicle-id>   withdraw a tracker's login
  list                  the registered trackers (no secrets)
  source add <id>       register a Traccar server that forwards its devices' fixes; its key goes to --out
  source remove <id>    withdraw a source's key
  source list           the registered sources
  service <username>    set masar-ingest's, masar-realtime's or masar-api's broker password from $MQTT_SERVICE_PASSWORD

  --dir DIR             where Mosquitto's passwd, acl and trackers.json live (default infra/compose/mosquitto)
  --agency ID           the agency in the trackers' topics (default amman)
  --broker URL          the broker URL trackers are given (default mqtts://mqtt.example.org:8883)
  --device ID           (add, one vehicle) the id it reports under too: its Traccar uniqueId / IMEI, a phone's id
  --gateway URL         the listener phones and Traccar are given (default http://trackers.example.org:5055)
  --auto-register       (source add) the source's unknown devices become vehicles on their first fix
  --register            also record the vehicles in the database at $DATABASE_URL
  --out FILE            where the issued passwords go, one configuration a line, appended; created with mode 0600
                        (default $XDG_CONFIG_HOME/masar/tracker-credentials.jsonl, i.e. ~/.config/masar/…);
                        refused inside a git work tree (commits, images) unless --force
  --stdout              print the configurations (passwords included) to stdout instead of writing --out
  --force               allow --out inside a git work tree

After a change, make the broker reload its files: docker compose kill -s SIGHUP mosquitto`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { dir: { type: 'string', default: 'infra/compose/mosquitto' }, agency: { type: 'string', default: 'amman' }, broker: { type: 'string', default: 'mqtts://mqtt.example.org:8883' }, register: { type: 'boolean', default: false }, device: { type: 'string', multiple: true }, gateway: { type: 'string', default: 'http://trackers.example.org:5055' }, 'auto-register': { type: 'boolean', default: false }, out: { type: 'string' }, stdout: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  })
  const [command, ...ids] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  const provisioning = new TrackerProvisioning(resolve(values.dir))
  const out = resolve(values.out ?? defaultCredentialsPath())
  /** The passwords go to the credentials file (0600, outside the repository), or to stdout only when asked. */
  const deliver = async (issued: IssuedCredentials[]): Promise<string> => {
    const lines = issued.map((credentials) => JSON.stringify(trackerConfiguration(credentials, values.broker, { gatewayUrl: values.gateway })))
    if (values.stdout) {
      for (const line of lines) console.log(line)
      return 'printed above'
    }
    await appendCredentials(out, lines, { allowInsideRepository: values.force })
    return `appended to ${out} (mode 0600)`
  }
  switch (command) {
    case 'add': {
      if (ids.length === 0) throw usage('add needs at least one vehicle id')
      if (!values.stdout) await appendCredentials(out, [], { allowInsideRepository: values.force }) // refused before anything is issued
      const issued = await provisioning.add(ids, values.agency, { deviceIds: values.device ?? [] })
      if (values.register) await registerVehicles(ids, values.agency)
      const where = await deliver(issued)
      console.error(`${issued.length} tracker login(s) written to ${provisioning.dir}; their configurations, with the passwords (issued only now), ${where}. Reload the broker.`)
      return 0
    }
    case 'rotate': {
      if (ids.length !== 1) throw usage('rotate takes one vehicle id')
      if (!values.stdout) await appendCredentials(out, [], { allowInsideRepository: values.force })
      const where = await deliver([await provisioning.rotate(ids[0]!)])
      console.error(`New password issued; the configuration ${where}. Reload the broker, then load the new configuration into the tracker.`)
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
    case 'source':
      return source(provisioning, ids, { ...values, out })
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

async function source(provisioning: TrackerProvisioning, [subcommand, id, ...rest]: string[], options: { agency: string; gateway: string; 'auto-register': boolean; out: string; stdout: boolean; force: boolean }): Promise<number> {
  if (subcommand === 'list') {
    for (const s of await provisioning.listSources()) console.log(`${s.sourceId}\t${s.kind}\t${s.agencyId}\t${s.autoRegister ? 'registers unknown devices' : 'provisioned devices only'}\tkey issued ${s.issuedAt}`)
    return 0
  }
  if (!id || rest.length > 0) throw usage(`source ${subcommand ?? ''} takes one source id`)
  if (subcommand === 'remove') {
    await provisioning.removeSource(id)
    console.error(`${id} removed. Reload the broker (its MQTT login); ingest drops its key within seconds.`)
    return 0
  }
  if (subcommand !== 'add') throw usage(`unknown source command "${subcommand ?? ''}"`)
  if (!options.stdout) await appendCredentials(options.out, [], { allowInsideRepository: options.force })
  const issued = await provisioning.addSource(id, options.agency, { autoRegister: options['auto-register'] })
  const line = JSON.stringify(sourceConfiguration(issued, options.gateway))
  if (options.stdout) console.log(line)
  else await appendCredentials(options.out, [line], { allowInsideRepository: options.force })
  console.error(`Source ${id} registered; its key and Traccar configuration ${options.stdout ? 'printed above' : `appended to ${options.out} (mode 0600)`}. Reload the broker.`)
  return 0
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
  process.exit(err.code === 'USAGE' || err.code === 'INSIDE_REPOSITORY' || err.code === 'READABLE_BY_OTHERS' ? 2 : 1)
})
