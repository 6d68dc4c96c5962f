import type { LoadOptions, LoadResult } from '@masar/simulators/load/publish-load'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/**
 * Runs the simulators' load publisher in a process of its own, so publishing costs the api's event loop nothing
 * (it still shares the machine's two cores). The process is started (TypeScript compiled, modules loaded) before
 * it is told to go, so its start-up is not inside what is measured.
 */
export type LoadProcessOptions = Omit<LoadOptions, 'vehicleIdOf' | 'onProgress'> & {
  /** Vehicle ids are idPrefix + the vehicle's number from 1, zero-padded to idDigits: bus-0001 … bus-0206. */
  idPrefix: string
  idDigits: number
}

export interface LoadPublisher {
  /** Publishes the load and resolves with what was published; the process then exits. */
  run(): Promise<LoadResult>
}

const LOAD_PROCESS = fileURLToPath(new URL('./load-process.ts', import.meta.url))

export async function startLoadPublisher(options: LoadProcessOptions): Promise<LoadPublisher> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOAD_PROCESS, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const readLine = async (what: string) => {
    const next = await lines.next()
    if (next.done) throw new Error(`bench: the load publisher exited before ${what} (exit code ${child.exitCode})`)
    return next.value
  }
  if ((await readLine('it was ready')) !== 'ready') throw new Error('bench: the load publisher did not say it was ready')
  return {
    async run() {
      child.stdin.end('go\n')
      const result = JSON.parse(await readLine('its result')) as LoadResult
      await exited
      return result
    },
  }
}

/** Starts the publisher and runs it at once (when its start-up does not matter). */
export async function publishLoadElsewhere(options: LoadProcessOptions): Promise<LoadResult> {
  return (await startLoadPublisher(options)).run()
}
