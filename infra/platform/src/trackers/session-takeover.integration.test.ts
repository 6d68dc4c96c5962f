import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import mqtt, { type MqttClient } from 'mqtt'
import { parseAllDocuments } from 'yaml'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoMissing } from '../testing/mosquitto-process.js'
import { startShippedMosquitto, type ShippedMosquitto } from '../testing/shipped-mosquitto.js'
import { TrackerProvisioning, type IssuedCredentials } from './tracker-provisioning.js'

/**
 * Issue #17: client ids are vehicle ids and the ACL binds the login, so one tracker's extracted login, connecting
 * with client id "bus-0002", used to kick bus-0002 off the broker (and again whenever it reconnected: it showed
 * offline). Against a real Mosquitto running each configuration Masar ships, with the files `npm run provision` writes.
 */
if (mosquittoMissing) console.warn(mosquittoMissing)
const INFRA = fileURLToPath(new URL('../../..', import.meta.url))
const INGEST_PASSWORD = 'ingest-password-for-the-test'

async function shippedConfigurations(): Promise<Array<[string, string]>> {
  const compose = await readFile(join(INFRA, 'compose/mosquitto/mosquitto.conf'), 'utf8')
  const k8s = parseAllDocuments(await readFile(join(INFRA, 'k8s/mosquitto.yaml'), 'utf8')).map((d) => d.toJS() as { kind?: string; data?: Record<string, string> })
  const configMap = k8s.find((d) => d.kind === 'ConfigMap')?.data?.['mosquitto.conf']
  if (!configMap) throw new Error('infra/k8s/mosquitto.yaml has no mosquitto.conf ConfigMap')
  return [['infra/compose/mosquitto/mosquitto.conf', compose], ['infra/k8s/mosquitto.yaml (ConfigMap)', configMap]]
}

let credentialsDir: string
let bus1: IssuedCredentials
let bus2: IssuedCredentials
const configurations = mosquittoMissing ? [] : await shippedConfigurations()

beforeAll(async () => {
  if (mosquittoMissing) return
  credentialsDir = await mkdtemp(join(tmpdir(), 'masar-takeover-'))
  const provisioning = new TrackerProvisioning(credentialsDir)
  ;[bus1, bus2] = await provisioning.add(['bus-0001', 'bus-0002'], 'amman') as [IssuedCredentials, IssuedCredentials]
  await provisioning.setServicePassword('masar-ingest', INGEST_PASSWORD)
  await chmod(credentialsDir, 0o755) // read by the user "mosquitto"
  await chmod(join(credentialsDir, 'passwd'), 0o644)
})
afterAll(async () => {
  if (credentialsDir) await rm(credentialsDir, { recursive: true, force: true })
})

describe.skipIf(mosquittoMissing).each(configurations)('Mosquitto with %s', (_name, conf) => {
  let broker: ShippedMosquitto
  const clients: MqttClient[] = []
  const connect = async (url: string, credentials: { username: string; password: string }, clientId: string) => {
    const client = await mqtt.connectAsync(url, { ...credentials, clientId, protocolVersion: 5, clean: false, reconnectPeriod: 0, connectTimeout: 5000, rejectUnauthorized: false })
    clients.push(client)
    return client
  }
  beforeAll(async () => {
    broker = await startShippedMosquitto(conf, credentialsDir)
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)))
  })
  afterAll(async () => {
    await broker?.close()
  })

  it('does not let tracker bus-0001\'s login, connecting as client "bus-0002", take over bus-0002\'s session', async () => {
    const ingest = await connect(broker.serviceUrl, { username: 'masar-ingest', password: INGEST_PASSWORD }, 'masar-ingest-ingest-0')
    const seen: string[] = []
    ingest.on('message', (_topic, payload) => seen.push(payload.toString()))
    await ingest.subscribeAsync('masar/v1/+/vehicles/+/+', { qos: 1 })

    const victim = await connect(broker.trackerUrl, bus2, 'bus-0002')
    const victimClosed = new Promise<'kicked off'>((done) => victim.once('close', () => done('kicked off')))
    const attacker = await connect(broker.trackerUrl, bus1, 'bus-0002')
    // The broker ends a taken-over session before it acknowledges the new connection; a PUBACK on the victim's
    // connection after the attacker's CONNACK proves the victim is still connected.
    const outcome = await Promise.race([victim.publishAsync('masar/v1/amman/vehicles/bus-0002/position', 'still here', { qos: 1 }).then(() => 'still connected' as const), victimClosed])
    expect(outcome).toBe('still connected')
    expect(victim.connected).toBe(true)

    // the attacker's login still works for its own vehicle, under a session named after it
    await attacker.publishAsync('masar/v1/amman/vehicles/bus-0001/position', 'own', { qos: 1 })
    await expect.poll(() => [...seen].sort(), { timeout: 10_000 }).toEqual(['own', 'still here'])
  })

  it('keeps the services\' own client ids on their listener (ingest instances are masar-ingest-{instance})', async () => {
    const first = await connect(broker.serviceUrl, { username: 'masar-ingest', password: INGEST_PASSWORD }, 'masar-ingest-ingest-0')
    const second = await connect(broker.serviceUrl, { username: 'masar-ingest', password: INGEST_PASSWORD }, 'masar-ingest-ingest-1')
    const firstClosed = new Promise<'closed'>((done) => first.once('close', () => done('closed')))
    await second.subscribeAsync('masar/v1/+/vehicles/+/+', { qos: 1 })
    expect(await Promise.race([first.subscribeAsync('masar/v1/+/vehicles/+/+', { qos: 1 }).then(() => 'connected' as const), firstClosed])).toBe('connected')
  })
})
