import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeProtomapsFixture, FIXTURE_PLACE } from '@masar/api/testing/protomaps-fixture'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The dispatcher's map draws the offline basemap (the active feed's streets and stops, tiled by the api) under the
 * simulated buses, in Debian's headless Chromium, and no request leaves the api's origin; and so does a city's
 * Protomaps build served by the api (MAP_PMTILES), in Arabic and in English. The screenshots are kept in
 * dashboard/screenshots/dispatch-basemap.png and dispatch-basemap-pmtiles-{ar,en}.png.
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

/** The demo stack with the simulator at a weekday morning, and MAP_* settings when given. */
async function startDemo(mapEnv: Record<string, string> = {}): Promise<void> {
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', SIM_START: weekdayMorningIso(Date.now()), SIM_AGENCY_ID: agencyId,
    API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
    REALTIME_ENGINE_KEY: `${agencyId}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
    ...mapEnv,
  }
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase()
    env.DATABASE_URL = database.url
  }
  if (process.env.MQTT_URL) Object.assign(env, { MQTT_URL: process.env.MQTT_URL, MQTT_PROTOCOL_VERSION: '5' })
  stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
}

async function stopDemo(): Promise<void> {
  await stack?.stop()
  await database?.close()
  database = null
}

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  dataDir = await mkdtemp(join(tmpdir(), 'masar-basemap-e2e-'))
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  await mkdir(SCREENSHOTS, { recursive: true })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

/** A signed-in dispatcher's map at street zoom around a bus, and every request the page made. */
async function dispatcherMapAroundABus(lang: 'ar' | 'en') {
  const apiOrigin = new URL(stack.api.url).origin
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Asia/Amman' })
  const elsewhere: string[] = []
  const basemapRequests: { path: string; range: string | undefined }[] = []
  const responses: { path: string; status: number }[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol === 'data:' || url.protocol === 'blob:') return
    if (url.origin !== apiOrigin) elsewhere.push(request.url())
    if (url.pathname.startsWith('/map/')) basemapRequests.push({ path: url.pathname, range: request.headers().range })
  })
  page.on('response', (response) => {
    const url = new URL(response.url())
    if (url.pathname.startsWith('/map/')) responses.push({ path: url.pathname, status: response.status() })
  })
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).host !== new URL(apiOrigin).host) elsewhere.push(socket.url())
  })
  page.on('pageerror', (err) => {
    throw err
  })
  await page.goto(`${stack.api.url}/?lang=${lang}#/dispatch`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.click('form.login button[type="submit"]')
  await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
  // the buses arrive over the fleet's streets; at street zoom around one of them, both are drawn
  await expect.poll(() => page.evaluate(() => window.__masarMap!.querySourceFeatures('buses').length), { timeout: 60_000, interval: 500 }).toBeGreaterThan(100)
  await page.evaluate(() => {
    const map = window.__masarMap!
    const bus = map.querySourceFeatures('buses')[0]!
    map.jumpTo({ center: (bus.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom: 14.5 })
  })
  return { page, elsewhere, basemapRequests, responses }
}

describe.skipIf(missing !== null)('the offline basemap in headless Chromium', () => {
  beforeAll(async () => {
    if (!missing) await startDemo()
  }, 240_000)
  afterAll(stopDemo)

  it('draws the feed\'s streets and stops under the dispatcher\'s buses, with every request to the api\'s own origin', async () => {
    const { page, elsewhere, basemapRequests } = await dispatcherMapAroundABus('en')
    expect(await page.evaluate(() => window.__masarMap!.getStyle().name)).toBe('masar-basemap')
    const drawn = () => page.evaluate(() => {
      const map = window.__masarMap!
      return {
        streets: map.queryRenderedFeatures({ layers: ['streets'] }).length,
        stops: map.queryRenderedFeatures({ layers: ['stops', 'terminals'] }).length,
        buses: map.queryRenderedFeatures({ layers: ['buses-circle'] }).length,
        // the basemap's tiles all in (not the buses' source: the live fleet changes it several times a second, so on a
        // busy machine the whole map is seldom idle)
        idle: map.isSourceLoaded('masar'),
      }
    })
    await expect.poll(drawn, { timeout: 30_000, interval: 500 }).toSatisfy(({ streets, stops, buses, idle }: Record<string, number | boolean>) =>
      idle === true && (streets as number) > 0 && (stops as number) > 0 && (buses as number) > 0)
    await page.waitForTimeout(500) // the last frame painted
    await page.locator('figure.fleet-map').screenshot({ path: join(SCREENSHOTS, 'dispatch-basemap.png') })

    expect(basemapRequests.map((request) => request.path)).toContain('/map/style.json')
    expect(basemapRequests.some(({ path }) => /^\/map\/tiles\/\d+\/\d+\/\d+\.pbf$/.test(path))).toBe(true)
    expect(elsewhere).toEqual([])
    await page.close()
  }, 180_000)
})

describe.skipIf(missing !== null)('a city\'s Protomaps build (MAP_PMTILES) in headless Chromium', () => {
  beforeAll(async () => {
    if (missing) return
    const mapsDir = join(dataDir, 'maps')
    await mkdir(mapsDir, { recursive: true })
    await writeProtomapsFixture(await readScheduleFromFeed(AMMAN_DEMO_FEED_PATH), join(mapsDir, 'amman.pmtiles'))
    await startDemo({ MAP_DATA_DIR: mapsDir, MAP_PMTILES: 'amman.pmtiles' })
  }, 240_000)
  afterAll(stopDemo)

  for (const lang of ['ar', 'en'] as const) {
    it(`draws its roads and places (${lang}) under the buses and the feed's stops, read from the api with range requests`, async () => {
      const { page, elsewhere, basemapRequests, responses } = await dispatcherMapAroundABus(lang)
      expect(await page.evaluate(() => window.__masarMap!.getStyle().name)).toBe(`masar-protomaps-${lang}`)
      const drawn = () => page.evaluate(() => {
        const map = window.__masarMap!
        return {
          roads: map.queryRenderedFeatures({ layers: ['roads_major'] }).length,
          stops: map.queryRenderedFeatures({ layers: ['stops', 'terminals'] }).length,
          buses: map.queryRenderedFeatures({ layers: ['buses-circle'] }).length,
          idle: map.isSourceLoaded('protomaps') && map.isSourceLoaded('masar'),
        }
      })
      await expect.poll(drawn, { timeout: 30_000, interval: 500 }).toSatisfy(({ roads, stops, buses, idle }: Record<string, number | boolean>) =>
        idle === true && (roads as number) > 0 && (stops as number) > 0 && (buses as number) > 0)
      // the city's name, in the page's language, at city zoom
      await page.evaluate(() => window.__masarMap!.setZoom(11))
      const placeNames = () => page.evaluate(() => window.__masarMap!.queryRenderedFeatures({ layers: ['places_locality'] }).map((feature) => feature.properties[`name:${document.documentElement.lang}`]))
      await expect.poll(placeNames, { timeout: 30_000, interval: 500 }).toContain(FIXTURE_PLACE[lang])
      // the attribution OpenStreetMap's licence asks for, on the map
      expect(await page.locator('.maplibregl-ctrl-attrib-inner').textContent()).toContain('OpenStreetMap')
      await page.waitForTimeout(500)
      await page.locator('figure.fleet-map').screenshot({ path: join(SCREENSHOTS, `dispatch-basemap-pmtiles-${lang}.png`) })

      const archiveReads = basemapRequests.filter(({ path }) => path === '/map/data/amman.pmtiles')
      expect(archiveReads.length).toBeGreaterThan(1)
      expect(archiveReads.every(({ range }) => range !== undefined && /^bytes=\d+-\d+$/.test(range))).toBe(true)
      expect(responses.filter(({ path }) => path === '/map/data/amman.pmtiles').every(({ status }) => status === 206)).toBe(true)
      expect(elsewhere).toEqual([])
      await page.close()
    }, 180_000)
  }
})
