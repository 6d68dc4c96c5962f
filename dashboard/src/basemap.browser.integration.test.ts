import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The dispatcher's map draws the offline basemap (the active feed's streets and stops, tiled by the api) under the
 * simulated buses, in Debian's headless Chromium, and no request leaves the api's origin. The screenshot is kept in
 * dashboard/screenshots/dispatch-basemap.png.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'screenshots')
const ADMIN_PASSWORD = 'basemap-test-password'
const agencyId = `map${process.pid}`

/** 08:00 in Amman on the latest day up to today that runs the weekday timetable: the buses are out. */
function weekdayMorningIso(nowMs: number): string {
  for (let back = 0; ; back++) {
    const day = new Date(nowMs - back * 86_400_000)
    if (new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Amman', weekday: 'short' }).format(day) === 'Fri') continue
    return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman' }).format(day)}T08:00:00+03:00`
  }
}

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let stack: Stack
let database: TestDatabase | null = null
let browser: Browser
let dataDir = ''

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  dataDir = await mkdtemp(join(tmpdir(), 'masar-basemap-e2e-'))
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', SIM_START: weekdayMorningIso(Date.now()), SIM_AGENCY_ID: agencyId,
    API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
    REALTIME_ENGINE_KEY: `${agencyId}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
  }
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase()
    env.DATABASE_URL = database.url
  }
  if (process.env.MQTT_URL) Object.assign(env, { MQTT_URL: process.env.MQTT_URL, MQTT_PROTOCOL_VERSION: '5' })
  stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  await mkdir(SCREENSHOTS, { recursive: true })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await database?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe.skipIf(missing !== null)('the offline basemap in headless Chromium', () => {
  it('draws the feed\'s streets and stops under the dispatcher\'s buses, with every request to the api\'s own origin', async () => {
    const apiOrigin = new URL(stack.api.url).origin
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Asia/Amman' })
    const elsewhere: string[] = []
    const basemapRequests: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.protocol === 'data:' || url.protocol === 'blob:') return
      if (url.origin !== apiOrigin) elsewhere.push(request.url())
      if (url.pathname.startsWith('/map/')) basemapRequests.push(url.pathname)
    })
    page.on('websocket', (socket) => {
      if (new URL(socket.url()).host !== new URL(apiOrigin).host) elsewhere.push(socket.url())
    })
    page.on('pageerror', (err) => {
      throw err
    })

    await page.goto(`${stack.api.url}/?lang=en#/dispatch`)
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.click('form.login button[type="submit"]')
    await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
    expect(await page.evaluate(() => window.__masarMap!.getStyle().name)).toBe('masar-basemap')

    // the buses arrive over the fleet's streets; at street zoom around one of them, both are drawn
    await expect.poll(() => page.evaluate(() => window.__masarMap!.querySourceFeatures('buses').length), { timeout: 60_000, interval: 500 }).toBeGreaterThan(100)
    await page.evaluate(() => {
      const map = window.__masarMap!
      const bus = map.querySourceFeatures('buses')[0]!
      map.jumpTo({ center: (bus.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom: 14.5 })
    })
    const drawn = () => page.evaluate(() => {
      const map = window.__masarMap!
      return {
        streets: map.queryRenderedFeatures({ layers: ['streets'] }).length,
        stops: map.queryRenderedFeatures({ layers: ['stops', 'terminals'] }).length,
        buses: map.queryRenderedFeatures({ layers: ['buses-circle'] }).length,
        idle: map.loaded() && map.areTilesLoaded(),
      }
    })
    await expect.poll(drawn, { timeout: 30_000, interval: 500 }).toSatisfy(({ streets, stops, buses, idle }: Record<string, number | boolean>) =>
      idle === true && (streets as number) > 0 && (stops as number) > 0 && (buses as number) > 0)
    await page.waitForTimeout(500) // the last frame painted
    await page.locator('figure.fleet-map').screenshot({ path: join(SCREENSHOTS, 'dispatch-basemap.png') })

    expect(basemapRequests).toContain('/map/style.json')
    expect(basemapRequests.some((path) => /^\/map\/tiles\/\d+\/\d+\/\d+\.pbf$/.test(path))).toBe(true)
    expect(elsewhere).toEqual([])
  }, 180_000)
})
