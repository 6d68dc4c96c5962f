import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TrackerProvisioning, type IssuedCredentials } from './tracker-provisioning.js'

/**
 * The broker's side of security, against the real Mosquitto with the files `npm run provision` writes: a tracker
 * may publish its own positions and nothing else; nobody gets in anonymously or with a wrong or rotated password.
 * A Mosquitto of its own on a free port (the machine's Mosquitto on 1883 is left alone).
 */
const MOSQUITTO = '/usr/sbin/mosquitto'
const missing = existsSync(MOSQUITTO) ? null : `SKIPPED: no ${MOSQUITTO} (apt-get install mosquitto; .ci/run installs it)`
if (missing) console.warn(missing)

const INGEST_PASSWORD = 'ingest-password-for-the-test'
const REALTIME_PASSWORD = 'realtime-password-for-the-test'
const API_PASSWORD = 'api-password-for-the-test'
let dir: string
let broker: ChildProcess
let port: number
let provisioning: TrackerProvisioning
let bus1: IssuedCredentials
let bus2: IssuedCredentials
const clients: MqttClient[] = []

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

async function listening(p: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((done) => connect(p, '127.0.0.1').once('connect', function (this: import('node:net').Socket) { this.destroy(); done(true) }).once('error', () => done(false)))
    if (ok) return
    if (Date.now() > until) throw new Error(`mosquitto did not listen on ${p}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function login(username: string | undefined, password: string | undefined, clientId = username ?? `anonymous-${Math.random()}`): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, clientId, username, password, reconnectPeriod: 0, connectTimeout: 5000 })
  clients.push(client)
  return client
}

beforeAll(async () => {
  if (missing) return
  dir = await mkdtemp(join(tmpdir(), 'masar-mosquitto-acl-'))
  provisioning = new TrackerProvisioning(dir)
  const issued = await provisioning.add(['bus-1', 'bus-2'], 'amman')
  bus1 = issued[0]!
  bus2 = issued[1]!
  await provisioning.setServicePassword('masar-ingest', INGEST_PASSWORD)
  await provisioning.setServicePassword('masar-realtime', REALTIME_PASSWORD)
  await provisioning.setServicePassword('masar-api', API_PASSWORD)
  // Mosquitto started as root drops to the user "mosquitto", which must be able to read the files
  await chmod(dir, 0o755)
  await chmod(join(dir, 'passwd'), 0o644)
  port = await freePort()
  await writeFile(join(dir, 'mosquitto.conf'), [`listener ${port} 127.0.0.1`, 'allow_anonymous false', `password_file ${join(dir, 'passwd')}`, `acl_file ${join(dir, 'acl')}`, 'persistence false', ''].join('\n'))
  broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  broker.stderr!.on('data', (chunk: Buffer) => void (errors += chunk.toString()))
  await listening(port).catch((err: Error) => {
    throw new Error(`${err.message}: ${errors}`)
  })
}, 20_000)

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)))
  broker?.kill('SIGTERM')
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** The ingest account's view: every message on the tracker topics, in order. */
async function ingestWatching(): Promise<Array<{ topic: string; text: string }>> {
  const ingest = await login('masar-ingest', INGEST_PASSWORD)
  const seen: Array<{ topic: string; text: string }> = []
  ingest.on('message', (topic, payload) => seen.push({ topic, text: payload.toString() }))
  const [granted] = await ingest.subscribeAsync('masar/v1/+/vehicles/+/+', { qos: 1 })
  expect(granted!.qos).toBe(1)
  return seen
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.skipIf(missing)('Mosquitto with the provisioned ACL', () => {
  it('delivers a tracker\'s own positions, and never one it publishes on another vehicle\'s topic', async () => {
    const seen = await ingestWatching()
    const tracker = await login(bus1.username, bus1.password)
    // MQTT 5 tells the publisher why (PUBACK 0x87)
    await expect(tracker.publishAsync('masar/v1/amman/vehicles/bus-2/position', 'spoofed', { qos: 1 })).rejects.toThrow(/Not authorized/)
    await expect(tracker.publishAsync('masar/v1/other-agency/vehicles/bus-1/position', 'other agency', { qos: 1 })).rejects.toThrow(/Not authorized/)
    await tracker.publishAsync('masar/v1/amman/vehicles/bus-1/position', 'own', { qos: 1 })
    // one connection's messages arrive in order: once "own" is here, the two before it would have been too
    await until(() => seen.some((m) => m.text === 'own'), 'the tracker\'s own position')
    expect(seen).toEqual([{ topic: 'masar/v1/amman/vehicles/bus-1/position', text: 'own' }])
  })

  it('judges by login, not client id: bus-1 connecting as client "bus-2" still cannot publish as bus-2', async () => {
    const seen = await ingestWatching()
    const impostor = await login(bus1.username, bus1.password, 'bus-2')
    await expect(impostor.publishAsync('masar/v1/amman/vehicles/bus-2/position', 'impostor', { qos: 1 })).rejects.toThrow(/Not authorized/)
    await impostor.publishAsync('masar/v1/amman/vehicles/bus-1/positions', 'sentinel', { qos: 1 })
    await until(() => seen.some((m) => m.text === 'sentinel'), 'the sentinel')
    expect(seen.map((m) => m.text)).toEqual(['sentinel'])
  })

  it('gives a tracker that subscribes to the stream nothing of it', async () => {
    const seen = await ingestWatching()
    const listener = await login(bus2.username, bus2.password)
    const overheard: string[] = []
    listener.on('message', (_topic, payload) => overheard.push(payload.toString()))
    await listener.subscribeAsync(['masar/v1/+/vehicles/+/+', 'masar/v1/amman/vehicles/bus-1/position', '#'], { qos: 1 })
    const tracker = await login(bus1.username, bus1.password)
    await tracker.publishAsync('masar/v1/amman/vehicles/bus-1/position', 'private', { qos: 1 })
    await until(() => seen.some((m) => m.text === 'private'), 'the position at ingest')
    await new Promise((r) => setTimeout(r, 300)) // the broker fans out to every subscriber at once; give it a moment
    expect(overheard).toEqual([])
  })

  it('lets the realtime engine publish what the api readers follow, the readers only read it and send commands, and trackers neither', async () => {
    const api = await login('masar-api', API_PASSWORD)
    const received: Array<{ topic: string; text: string }> = []
    api.on('message', (topic, payload) => received.push({ topic, text: payload.toString() }))
    await api.subscribeAsync('masar/internal/realtime/masar/#', { qos: 1 })
    const engine = await login('masar-realtime', REALTIME_PASSWORD)
    const commands: string[] = []
    engine.on('message', (_topic, payload) => commands.push(payload.toString()))
    await engine.subscribeAsync('masar/internal/realtime/masar/commands', { qos: 1 })
    // a reader may not publish the engine's state, nor a tracker anything internal
    await expect(api.publishAsync('masar/internal/realtime/masar/state', 'forged by a reader', { qos: 1 })).rejects.toThrow(/Not authorized/)
    const tracker = await login(bus1.username, bus1.password)
    await expect(tracker.publishAsync('masar/internal/realtime/masar/state', 'forged by a tracker', { qos: 1 })).rejects.toThrow(/Not authorized/)
    await expect(tracker.publishAsync('masar/internal/realtime/masar/commands', 'forged command', { qos: 1 })).rejects.toThrow(/Not authorized/)
    await engine.publishAsync('masar/internal/realtime/masar/state', 'the state', { qos: 1, retain: true })
    await api.publishAsync('masar/internal/realtime/masar/commands', 'reload', { qos: 1 })
    await until(() => received.some((m) => m.text === 'the state') && commands.includes('reload'), 'the state at the reader and the command at the engine')
    expect(received.map((m) => m.text)).not.toContain('forged by a reader')
    expect(commands).toEqual(['reload'])
    // the readers no longer read the trackers' stream
    const positions: string[] = []
    api.on('message', (topic) => void (topic.startsWith('masar/v1/') && positions.push(topic)))
    await api.subscribeAsync('masar/v1/+/vehicles/+/+', { qos: 1 })
    await tracker.publishAsync('masar/v1/amman/vehicles/bus-1/position', 'not for the api', { qos: 1 })
    await new Promise((r) => setTimeout(r, 300))
    expect(positions).toEqual([])
  })

  it('refuses anonymous logins and wrong passwords', async () => {
    await expect(login(undefined, undefined)).rejects.toThrow(/Not authorized|Bad User Name or Password|Connection refused/i)
    await expect(login('bus-1', 'not-its-password')).rejects.toThrow(/Not authorized|Bad User Name or Password|Connection refused/i)
    await expect(login('masar-api', 'never-set')).rejects.toThrow(/Not authorized|Bad User Name or Password|Connection refused/i)
  })

  it('after a rotation and a broker reload, the old password is refused and the new one works', async () => {
    const rotated = await provisioning.rotate('bus-1')
    await chmod(join(dir, 'passwd'), 0o644)
    broker.kill('SIGHUP') // what `docker compose kill -s SIGHUP mosquitto` does: reload the password file and ACL
    let refused = false
    for (let attempt = 0; attempt < 50 && !refused; attempt++) {
      refused = await login(bus1.username, bus1.password).then((c) => c.endAsync(true).then(() => false), () => true)
      if (!refused) await new Promise((r) => setTimeout(r, 100))
    }
    expect(refused).toBe(true)
    const seen = await ingestWatching()
    const tracker = await login(rotated.username, rotated.password)
    await tracker.publishAsync('masar/v1/amman/vehicles/bus-1/position', 'after rotation', { qos: 1 })
    await until(() => seen.some((m) => m.text === 'after rotation'), 'the rotated tracker\'s position')
  })
})
