import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Ingest as its own process (`main.ts` through tsx), as it runs in production; for crash tests. */
export class IngestProcess {
  readonly #env: Record<string, string>
  #child: ChildProcess | null = null
  output = ''

  constructor(env: Record<string, string>) {
    this.#env = env
  }

  /** Started and not exited. */
  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.#env.HTTP_PORT}`
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...this.#env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    this.#child = child
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}: ${this.output}`)
      const ready = await fetch(`${this.healthUrl}/readyz`).then((r) => r.ok, () => false)
      if (ready) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`ingest did not become ready: ${this.output}`)
  }

  /** kill -9: no flush, no DISCONNECT, nothing graceful. */
  async kill(): Promise<void> {
    const child = this.#child
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  /** SIGTERM: the graceful path. Resolves with the exit code. */
  async terminate(): Promise<number | null> {
    const child = this.#child
    if (!child || child.exitCode !== null) return child?.exitCode ?? null
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    return exited
  }
}
