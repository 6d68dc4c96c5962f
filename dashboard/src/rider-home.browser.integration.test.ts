import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'

/**
 * The rider's home, routes and saved places in real headless Chromium (Debian's chromium), served by the api of a
 * whole stack with the fleet simulator at a weekday's morning peak, as language.browser.integration.test.ts does:
 * the home opens on a map of the stops around the city's centre (no location allowed) or around the rider (location
 * allowed, at Sweileh's terminal, where the demo feed's BRT1 starts), the stops as map dots and as a list, the live
 * buses on the map; a stop tapped on the map or in the list opens its arrivals; a saved stop is on the home page
 * after a reload; the routes list opens a route with its stops by direction. Both languages, phone and desktop
 * screenshots kept in dashboard/screenshots/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'screenshots')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
// gtfs/loader/demo-feed/stops.txt: S1001 مجمع صويلح (Sweileh Terminal), BRT1's first stop
const SWEILEH = { stopId: 'S1001', latitude: 32.0223, longitude: 35.8405 }
const agencyId = `home${process.pid}`

/** 08:00 in Amman (UTC+3) on the latest day up to today that runs the weekday timetable. */
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
const dirs: string[] = []

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-rider-home-e2e-'))
  dirs.push(dataDir)
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', SIM_START: weekdayMorningIso(Date.now()), SIM_AGENCY_ID: agencyId,
    API_ADMIN_PASSWORD: 'rider-home-test-password', MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
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
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await database?.close()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function contextIn(locale: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport: DESKTOP, timezoneId: 'Asia/Amman', ...options })
}

async function open(context: BrowserContext, hash = ''): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (err) => {
    throw err
  })
  await page.goto(`${stack.api.url}/${hash}`)
  await page.locator('button.lang-switch').waitFor()
  return page
}

/** How many features of a layer the map draws now (its dots on the canvas, not DOM elements). */
const drawn = (page: Page, layer: string) =>
  page.evaluate((id) => {
    const map = window.__masarMap
    return map?.loaded() && map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : 0
  }, layer)

const nearbyLinks = (page: Page) => page.locator('[data-testid="nearby-stops"] a')

describe.skipIf(missing !== null)('the rider\'s home, routes and saved places in headless Chromium', () => {
  it('opens on a map of the stops around the city without the rider\'s location, in Arabic, right to left', async () => {
    const context = await contextIn('ar-JO', { viewport: PHONE })
    const page = await open(context)
    expect(await page.getAttribute('html', 'dir')).toBe('rtl')
    expect(await page.locator('h1').textContent()).toBe('مواقفك وحافلاتك')
    // the stops are dots on the map and links in the list beside it (the map's text equivalent)
    await expect.poll(() => drawn(page, 'rider-stop-dots'), { timeout: 30_000, interval: 500 }).toBeGreaterThan(0)
    await expect.poll(() => nearbyLinks(page).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.locator('#nearby-heading').textContent()).toBe('مواقف في وسط المدينة')
    // asked politely: a button, no prompt by itself
    await page.getByRole('button', { name: 'استخدم موقعي' }).waitFor()
    // the search is still there
    await page.fill('#stop-query', 'العبدلي')
    await page.locator('#stop-results a').first().waitFor({ timeout: 15_000 })
    await page.fill('#stop-query', '')
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-home-map-ar-phone.png') })
    await page.setViewportSize(DESKTOP)
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-home-map-ar-desktop.png') })
    await context.close()
  })

  it('lists the stops near a rider who allowed their location, shows the buses around, and opens a stop tapped on the map or in the list', async () => {
    const context = await contextIn('en-GB', { geolocation: SWEILEH, permissions: ['geolocation'] })
    const page = await open(context)
    expect(await page.getAttribute('html', 'dir')).toBe('ltr')
    await expect.poll(() => page.locator('#nearby-heading').textContent(), { timeout: 15_000 }).toBe('Stops near you')
    await expect.poll(async () => (await nearbyLinks(page).first().getAttribute('href')) ?? '', { timeout: 15_000 }).toBe(`#/stops/${SWEILEH.stopId}`)
    expect(await nearbyLinks(page).first().textContent()).toContain('Sweileh')
    await expect.poll(() => drawn(page, 'rider-you-dot'), { timeout: 30_000, interval: 500 }).toBe(1)
    await expect.poll(() => drawn(page, 'rider-stop-dots'), { timeout: 30_000, interval: 500 }).toBeGreaterThan(0)
    // the simulator's buses around Sweileh at the morning peak come over the live stream onto the map
    await expect.poll(() => drawn(page, 'rider-bus-dots'), { timeout: 90_000, interval: 1000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-home-map-en-desktop.png') })
    await page.setViewportSize(PHONE)
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-home-map-en-phone.png') })
    await page.setViewportSize(DESKTOP)

    // a stop tapped on the map: click its dot where the map draws it (again, should the map still have been moving)
    const tapNearestStop = async () => {
      if (/#\/(trips?|stops)\//.test(page.url()) && !/#\/stops\//.test(page.url())) await page.goBack()
      const point = await page.evaluate(() => {
        const map = window.__masarMap!
        const canvas = map.getCanvas().getBoundingClientRect()
        // the stop dot nearest the map's middle (clear of the zoom buttons in its corner)
        const [nearest] = map.queryRenderedFeatures({ layers: ['rider-stop-dots'] })
          .map((feature) => map.project((feature.geometry as unknown as { coordinates: [number, number] }).coordinates))
          .sort((a, b) => Math.hypot(a.x - canvas.width / 2, a.y - canvas.height / 2) - Math.hypot(b.x - canvas.width / 2, b.y - canvas.height / 2))
        return nearest ? { x: canvas.left + nearest.x, y: canvas.top + nearest.y } : null
      })
      if (point) await page.mouse.click(point.x, point.y)
      await page.waitForTimeout(300)
      return page.url()
    }
    await expect.poll(tapNearestStop, { timeout: 30_000, interval: 500 }).toMatch(/#\/stops\//)
    expect(page.url()).toMatch(/#\/stops\/S\d+$/)
    await page.goBack()

    // a stop tapped in the list: its arrivals; saved there, it is on the home page after a reload
    // (back home, the list is the city's until the rider's place comes again)
    await expect.poll(async () => (await nearbyLinks(page).first().getAttribute('href')) ?? '', { timeout: 15_000 }).toBe(`#/stops/${SWEILEH.stopId}`)
    await nearbyLinks(page).first().click()
    await page.waitForURL(new RegExp(`#/stops/${SWEILEH.stopId}$`))
    const save = page.getByRole('button', { name: 'Save this stop' })
    await save.click()
    expect(await page.getByRole('button', { name: 'Remove this stop from saved' }).getAttribute('aria-pressed')).toBe('true')
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-stop-saved-en-desktop.png') })
    await page.goto(`${stack.api.url}/#/`)
    await page.reload()
    const savedStops = page.locator('[data-testid="saved-stops"] a')
    await savedStops.first().waitFor()
    expect(await savedStops.first().getAttribute('href')).toBe(`#/stops/${SWEILEH.stopId}`)
    // saved stops stand out on the map too
    await expect.poll(() => page.evaluate(() => window.__masarMap?.queryRenderedFeatures({ layers: ['rider-stop-dots'] }).filter((f) => f.properties.saved).length ?? 0), { timeout: 30_000 }).toBeGreaterThan(0)
    await context.close()
  })

  it('lists the routes from the header and opens one with its stops by direction, saved first on home', async () => {
    for (const [locale, lang, viewport, size] of [['ar-JO', 'ar', PHONE, 'phone'], ['en-GB', 'en', DESKTOP, 'desktop']] as const) {
      const context = await contextIn(locale, { viewport })
      const page = await open(context)
      await page.locator('nav a[href="#/routes"]').click()
      await page.waitForURL(/#\/routes$/)
      const routes = page.locator('#route-list a')
      await routes.first().waitFor({ timeout: 15_000 })
      expect(await routes.count()).toBeGreaterThan(1)
      await page.screenshot({ path: join(SCREENSHOTS, `rider-routes-${lang}-${size}.png`) })
      await page.fill('#route-query', 'BRT1')
      await expect.poll(() => routes.count()).toBe(1)
      await routes.first().click()
      await page.waitForURL(/#\/routes\/BRT1$/)
      const directions = page.locator('article.route section')
      await directions.first().waitFor({ timeout: 15_000 })
      expect(await directions.count()).toBe(2)
      for (const direction of await directions.all()) expect(await direction.locator('ol li a').count()).toBeGreaterThan(2)
      expect(await directions.first().locator('h2').textContent()).toMatch(lang === 'ar' ? /^باتجاه / : /^Towards /)
      await page.screenshot({ path: join(SCREENSHOTS, `rider-route-${lang}-${size}.png`), fullPage: true })
      await page.locator('article.route header button').click()
      expect(await page.locator('article.route header button').getAttribute('aria-pressed')).toBe('true')
      // a stop of the route opens its arrivals
      await directions.first().locator('ol li a').first().click()
      await page.waitForURL(/#\/stops\//)
      await page.goto(`${stack.api.url}/#/`)
      await page.reload()
      const savedRoutes = page.locator('[data-testid="saved-routes"] a')
      await savedRoutes.first().waitFor()
      expect(await savedRoutes.first().getAttribute('href')).toBe('#/routes/BRT1')
      await context.close()
    }
  })
})
