import { spawn, type ChildProcess } from 'node:child_process'

/**
 * One of Masar's services as its own process (`node --import tsx <main>`, or the compiled `node dist/<name>.js`
 * with `nodeArgs: []`), as it runs in production: for fault tests that kill, restart and watch it. Ready when
 * `readyUrl` answers 200 (or, without one, once started).
 */
export class ServiceProcess {
  #child: ChildProcess | null = null
  output = ''

  constructor(readonly name: string, readonly options: { main: string; args?: string[]; node?: string; nodeArgs?: string[]; env: Record<string, string>; readyUrl?: string; cwd?: string }) {}

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null
  }

  get pid(): number | undefined {
    return this.#child?.pid
  }

  async start({ timeoutMs = 60_000 } = {}): Promise<void> {
    const child = spawn(this.options.node ?? process.execPath, [...(this.options.nodeArgs ?? ['--import', 'tsx']), this.options.main, ...(this.options.args ?? [])], {
      env: { ...process.env, ...this.options.env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: this.options.cwd,
    })
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    this.#child = child
    if (!this.options.readyUrl) return
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}: ${this.output.slice(-2000)}`)
      if (await this.ready()) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`${this.name} did not become ready: ${this.output.slice(-2000)}`)
  }

  async ready(): Promise<boolean> {
    return this.options.readyUrl ? fetch(this.options.readyUrl).then((r) => r.ok, () => false) : this.running
  }

  /** kill -9: no flush, no DISCONNECT, nothing graceful. */
  async kill(): Promise<void> {
    await this.#signal('SIGKILL')
  }

  /** SIGTERM, the graceful path; resolves with the exit code. */
  async terminate(): Promise<number | null> {
    return this.#signal('SIGTERM')
  }

  /** Resident memory of the process now (from /proc), in bytes. */
  async rssBytes(): Promise<number> {
    const { readFile } = await import('node:fs/promises')
    const status = await readFile(`/proc/${this.#child?.pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024
  }

  async #signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.#child
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill(signal)
    return exited
  }
}
