import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { clearRetained, testEngineKey } from '../src/testing/start-test-realtime.js'

/**
 * The realtime engine in its own process (src/realtime/main.ts), as deployed: the api measured beside it is a reader
 * replica only, and the engine's work (matching, feeds, publishing) does not count against the api's time.
 */
export interface EngineProcess {
  engineKey: string
  stop(): Promise<void>
}

const MAIN = fileURLToPath(new URL('../src/realtime/main.ts', import.meta.url))

export function startEngineElsewhere(options: { databaseUrl: string; mqttUrl: string; topicFilter: string }): EngineProcess {
  const engineKey = testEngineKey('bench')
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, DATABASE_URL: options.databaseUrl, MQTT_URL: options.mqttUrl, MQTT_TOPIC_FILTER: options.topicFilter, REALTIME_ENGINE_KEY: engineKey,
      REALTIME_MQTT_CLIENT_ID: `${engineKey}-engine`, REALTIME_LEADER_ELECTION: 'single', REALTIME_SESSION_EXPIRY_S: '120', REALTIME_HTTP_PORT: '0', LOG_LEVEL: 'warn',
    },
  })
  const killEngine = () => child.kill('SIGTERM')
  process.on('exit', killEngine) // the bench failing or interrupted leaves no engine behind
  return {
    engineKey,
    async stop() {
      process.off('exit', killEngine)
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
      await clearRetained({ url: options.mqttUrl, protocolVersion: 5 }, engineKey)
    },
  }
}
