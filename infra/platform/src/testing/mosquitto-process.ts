import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A Mosquitto of a test's own, on a free port: the machine's binary with the production queue settings (no cap on
 * a subscriber's queue, persistence on, so sessions survive a restart), for tests that stop, restart or lock down
 * the broker without touching the machine's Mosquitto on 1883.
 */
export const MOSQUITTO_BINARY = '/usr/sbin/mosquitto'
export const mosquittoMissing = existsSync(MOSQUITTO_BINARY) ? null : `SKIPPED: no ${MOSQUITTO_BINARY} (apt-get install mosquitto; .ci/run installs it)`

export interface MosquittoProcess {
  url: string
  port: number
  dir: string
  /** Stopped (SIGTERM: it saves its sessions first) and started again on the same port. */
  restart(options?: { downMs?: number }): Promise<void>
  stop(): Promise<void>
  start(): Promise<void>
  /** SIGHUP: reload the password file and ACL. */
  reload(): void
  close(): Promise<void>
}

export async function freeTcpPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

async function waitForListening(port: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), done(true)))
      socket.once('error', () => done(false))
    })
    if (ok) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

/** `extraConfig`: more mosquitto.conf lines (auth, ACL); files it names must be readable by the user "mosquitto". */
/** `maxQueuedMessages`: a bound on each client's queue (production: 0, no bound but memory). */
export async function startMosquitto(options: { extraConfig?: string[]; allowAnonymous?: boolean; maxQueuedMessages?: number } = {}): Promise<MosquittoProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'masar-mosquitto-'))
  await chmod(dir, 0o777) // started as root, Mosquitto drops to the user "mosquitto", which writes its store here
  const port = await freeTcpPort()
  const conf = join(dir, 'mosquitto.conf')
  await writeFile(conf, [
    `listener ${port} 127.0.0.1`, `allow_anonymous ${options.allowAnonymous ?? true}`,
    'persistence true', `persistence_location ${dir}/`, 'autosave_interval 1', `max_queued_messages ${options.maxQueuedMessages ?? 0}`, 'max_inflight_messages 1000', 'log_dest stderr', 'log_type error',
    ...(options.extraConfig ?? []), '',
  ].join('\n'))
  let child: ChildProcess | null = null
  let errors = ''
  const start = async () => {
    errors = ''
    child = spawn(MOSQUITTO_BINARY, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (chunk: Buffer) => void (errors += chunk.toString()))
    if (!(await waitForListening(port, 10_000))) throw new Error(`mosquitto did not listen on ${port}: ${errors}`)
  }
  const stop = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((done) => running.once('exit', done))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    url: `mqtt://127.0.0.1:${port}`, port, dir,
    start, stop,
    async restart({ downMs = 0 } = {}) {
      await stop()
      if (downMs) await new Promise((r) => setTimeout(r, downMs))
      await start()
    },
    reload: () => void (child as ChildProcess | null)?.kill('SIGHUP'),
    async close() {
      await stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
