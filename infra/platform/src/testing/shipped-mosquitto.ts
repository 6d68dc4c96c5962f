import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { freeTcpPort, MOSQUITTO_BINARY } from './mosquitto-process.js'

/**
 * Mosquitto run with a configuration Masar ships (infra/compose/mosquitto/mosquitto.conf, the Kubernetes ConfigMap's),
 * changed only where it must be to run here: its listeners on free local ports (8883, the trackers' TLS listener,
 * and 1883, the services'), its files in a folder of the test's own (the password file and ACL from
 * `credentialsDir`, a throwaway self-signed certificate). Every other line is the shipped one.
 */
export interface ShippedMosquitto {
  /** The trackers' listener (TLS; the certificate is self-signed: connect with rejectUnauthorized false). */
  trackerUrl: string
  /** The services' plaintext listener. */
  serviceUrl: string
  close(): Promise<void>
}

export async function startShippedMosquitto(shippedConf: string, credentialsDir: string): Promise<ShippedMosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'masar-shipped-mosquitto-'))
  await chmod(dir, 0o777) // started as root, Mosquitto drops to the user "mosquitto", which reads and writes here
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt')], { stdio: 'ignore' })
  await chmod(join(dir, 'server.key'), 0o644)
  const ports = { 8883: await freeTcpPort(), 1883: await freeTcpPort() }
  const conf = shippedConf.split('\n').map((line) => {
    const [key, value] = line.trim().split(/\s+/)
    if (key === 'listener') {
      const port = ports[Number(value) as 8883 | 1883]
      if (!port) throw new Error(`the shipped configuration has an unexpected listener: ${line}`)
      return `listener ${port} 127.0.0.1`
    }
    if (key === 'password_file' || key === 'acl_file') return `${key} ${join(credentialsDir, basename(value!))}`
    if (key === 'certfile') return `certfile ${join(dir, 'server.crt')}`
    if (key === 'keyfile') return `keyfile ${join(dir, 'server.key')}`
    if (key === 'persistence_location') return `persistence_location ${dir}/`
    return line
  })
  const confPath = join(dir, 'mosquitto.conf')
  await writeFile(confPath, [...conf, 'log_dest stderr', 'log_type error', ''].join('\n'))
  const child: ChildProcess = spawn(MOSQUITTO_BINARY, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  child.stderr!.on('data', (chunk: Buffer) => void (errors += chunk.toString()))
  const exited = new Promise((done) => child.once('exit', done))
  await waitForPorts(Object.values(ports), () => errors)
  return {
    trackerUrl: `mqtts://127.0.0.1:${ports[8883]}`,
    serviceUrl: `mqtt://127.0.0.1:${ports[1883]}`,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPorts(ports: number[], errors: () => string): Promise<void> {
  const { connect } = await import('node:net')
  const until = Date.now() + 10_000
  for (const port of ports) {
    for (;;) {
      const ok = await new Promise<boolean>((done) => {
        const socket = connect(port, '127.0.0.1')
        socket.once('connect', () => (socket.destroy(), done(true)))
        socket.once('error', () => done(false))
      })
      if (ok) break
      if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port}: ${errors()}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
