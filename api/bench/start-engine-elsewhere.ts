import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { clearRetained, testEngineKey } from '../src/testing/start-test-realtime.js'

/**
 * The realtime engine in its own process (src/realtime/main.ts), as deployed: the api measured beside it is a reader
 * replica only, and the engine's work (matching, feeds, publishing) does not count against the api's time.
 */
export interface EngineProcess {
  engineKey: string
  /** Resident memory of the engine process now (from /proc), in bytes. */
  rssBytes(): Promise<number>
  /** kill -9: no flush, nothing graceful (its standby takes over). */
  kill(): Promise<void>
  stop(): Promise<void>
}

const MAIN = fileURLToPath(new URL('../src/realtime/main.ts', import.meta.url))

/** Engines started with the same engineKey are one leader and its standbys (PostgreSQL advisory lock). */
export function startEngineElsewhere(options: { databaseUrl: string; mqttUrl: string; topicFilter: string; engineKey?: string }): EngineProcess {
  const engineKey = options.engineKey ?? testEngineKey('bench')
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, DATABASE_URL: options.databaseUrl, MQTT_URL: options.mqttUrl, MQTT_TOPIC_FILTER: options.topicFilter, REALTIME_ENGINE_KEY: engineKey,
      REALTIME_MQTT_CLIENT_ID: `${engineKey}-engine`, REALTIME_LEADER_ELECTION: 'advisory-lock', REALTIME_LEADER_RETRY_MS: '1000', REALTIME_SESSION_EXPIRY_S: '120', REALTIME_HTTP_PORT: '0', LOG_LEVEL: 'warn',
    },
  })
  const killEngine = () => child.kill('SIGTERM')
  process.on('exit', killEngine) // the bench failing or interrupted leaves no engine behind
  return {
    engineKey,
    async rssBytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024
    },
    async kill() {
      process.off('exit', killEngine)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await once(child, 'exit')
      }
    },
    async stop() {
      process.off('exit', killEngine)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
      await clearRetained({ url: options.mqttUrl, protocolVersion: 5 }, engineKey)
    },
  }
}
