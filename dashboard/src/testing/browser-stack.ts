import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser } from 'playwright-core'

/**
 * What every browser test of the dashboard starts with, in one place: Debian's Chromium (the tests skip, saying why,
 * where it is absent), the dashboard built, and the whole stack — embedded, or the real PostgreSQL and Mosquitto
 * from DATABASE_URL / MQTT_URL — with this run's own data directory, fresh database, agency, topic filter, client
 * id and realtime engine key, so that runs sharing a broker or a server never see each other's buses.
 */
export const CHROMIUM = '/usr/bin/chromium'
export const chromiumMissing: string | null = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`

const REPO = fileURLToPath(new URL('../../..', import.meta.url))

/** 08:00 in Amman (UTC+3) on the latest day up to today that runs the weekday timetable: every bus is out then. */
export function weekdayMorningIso(nowMs: number): string {
  for (let back = 0; ; back++) {
    const day = new Date(nowMs - back * 86_400_000)
    if (new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Amman', weekday: 'short' }).format(day) === 'Fri') continue
    return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman' }).format(day)}T08:00:00+03:00`
  }
}

export interface BrowserTestStack {
  stack: Stack
  stop(): Promise<void>
}

export interface BrowserTestStackOptions {
  /** Names the data directory (masar-NAME-e2e-…). */
  name: string
  /** The simulated trackers' agency: their topics and client ids, apart from other runs on a shared broker. */
  agencyId: string
  /** The simulated fleet at a weekday morning (default), or no buses at all. */
  simulator?: boolean
  /** The admin's password, for tests that sign in. */
  adminPassword?: string
  /** More settings (MAP_*, …). */
  env?: Record<string, string>
}

/** The dashboard built (and not older than its sources), then the stack started. */
export async function startBrowserTestStack(options: BrowserTestStackOptions): Promise<BrowserTestStack> {
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: REPO, stdio: 'inherit' })
  const dataDir = await mkdtemp(join(tmpdir(), `masar-${options.name}-e2e-`))
  const { agencyId } = options
  const simulator = options.simulator ?? true
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: String(simulator), ...(simulator ? { SIM_START: weekdayMorningIso(Date.now()) } : {}), SIM_AGENCY_ID: agencyId,
    ...(options.adminPassword ? { API_ADMIN_PASSWORD: options.adminPassword } : {}),
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
    // a realtime engine of this run's own on a shared broker: another run's retained state is not this one's
    REALTIME_ENGINE_KEY: `${agencyId}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
    ...options.env,
  }
  let database: TestDatabase | null = null
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase() // a fresh database on the real server
    env.DATABASE_URL = database.url
  }
  if (process.env.MQTT_URL) Object.assign(env, { MQTT_URL: process.env.MQTT_URL, MQTT_PROTOCOL_VERSION: '5' })
  const stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
  return {
    stack,
    async stop() {
      await stack.stop()
      await database?.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}
