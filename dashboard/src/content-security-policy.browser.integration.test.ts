import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'

/**
 * The dashboard under the api's Content-Security-Policy (api/src/http/security-headers.ts) in headless Chromium:
 * the dispatch page signs in, draws a route on the map and its stops' Arabic labels (MapLibre's blob: worker, the
 * RTL text plugin's WebAssembly), keeps the live WebSocket; the API docs render too. The browser reports no
 * violation of the policy, and no other console error.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_PASSWORD = 'csp-test-password'

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let stack: Stack
let database: TestDatabase | null = null
let browser: Browser
let dataDir: string

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  dataDir = await mkdtemp(join(tmpdir(), 'masar-csp-'))
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'false', API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: formatPositionTopicFilter(`csp${process.pid}`), INGEST_MQTT_CLIENT_ID: `csp${process.pid}-ingest`,
    REALTIME_ENGINE_KEY: `csp${process.pid}-${Date.now().toString(36)}`,
  }
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase()
    env.DATABASE_URL = database.url
  }
  if (process.env.MQTT_URL) Object.assign(env, { MQTT_URL: process.env.MQTT_URL, MQTT_PROTOCOL_VERSION: '5' })
  stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await database?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe.skipIf(missing !== null)('the dashboard under the api\'s Content-Security-Policy', () => {
  it('runs the map (blob: worker, RTL text WebAssembly), the live WebSocket and the API docs without a violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const violations: string[] = []
    const errors: string[] = []
    const workers: string[] = []
    const rtlPlugin: number[] = []
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)))
    page.on('console', (message) => {
      if (message.type() === 'error') (/CSP|Content Security Policy/.test(message.text()) ? violations : errors).push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('worker', (worker) => workers.push(worker.url()))
    page.on('response', (response) => {
      if (response.url().includes('rtl-text')) rtlPlugin.push(response.status())
    })

    const csp = (await page.goto(`${stack.api.url}/?lang=ar#/dispatch`))!.headers()['content-security-policy']
    expect(csp).toContain("worker-src 'self' blob:")
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.click('form.login button[type="submit"]')
    await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 60_000 })
    const routePick = page.locator('section.route-view label select')
    await routePick.locator('option').nth(1).waitFor({ state: 'attached', timeout: 20_000 })
    await routePick.selectOption((await routePick.locator('option').nth(1).getAttribute('value'))!)
    // close enough for the stops' Arabic names: the worker fetches the RTL text plugin to lay them out
    await expect.poll(() => page.evaluate(() => {
      const map = window.__masarMap
      const stop = map?.queryRenderedFeatures().find((feature) => feature.geometry.type === 'Point')
      if (stop && map!.getZoom() < 16) map!.jumpTo({ center: (stop.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom: 16.5 })
      return map!.getZoom()
    }), { timeout: 20_000, interval: 500 }).toBeGreaterThanOrEqual(16)
    await expect.poll(() => rtlPlugin, { timeout: 20_000 }).toEqual([200])
    await page.waitForTimeout(2000) // the plugin's WebAssembly is compiled in the worker
    expect(workers.some((url) => url.startsWith('blob:'))).toBe(true)
    await page.locator('p.connection.live').waitFor({ timeout: 20_000 }) // the live WebSocket is connected

    await page.goto(`${stack.api.url}/docs`)
    await page.locator('.swagger-ui .info').waitFor({ timeout: 20_000 })
    expect(violations).toEqual([])
    expect(errors).toEqual([])
  })
})
