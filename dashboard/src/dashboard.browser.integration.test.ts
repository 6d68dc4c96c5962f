import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import { formatPositionTopic } from '@masar/model/telemetry/topics'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import mqtt from 'mqtt'
import pino from 'pino'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * Both faces of the dashboard in real headless Chromium (Debian's chromium, as .ci/run installs it), served by the
 * api of a whole stack: the embedded broker and TimescaleDB, or the real PostgreSQL and Mosquitto when
 * DATABASE_URL / MQTT_URL are set. Buses come from trackers publishing over MQTT. Screenshots of each face are
 * saved under dashboard/test-output/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'test-output')
const ADMIN_PASSWORD = 'dashboard-test-password'
const BUSES = 206 // Amman's fleet
const agencyId = `dash${process.pid}`

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let stack: Stack
let database: TestDatabase | null = null
let browser: Browser
const dirs: string[] = []

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' }) // built, and not older than its sources
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-dashboard-e2e-'))
  dirs.push(dataDir)
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', API_PORT: '0', LOG_LEVEL: 'warn', MASAR_SIMULATOR: 'false',
    API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: `masar/v1/${agencyId}/vehicles/+/+`,
  }
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase() // a fresh database on the real server
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

/** Trackers of BUSES buses across Amman publish a fix each, `round` steps east of where they started. */
async function publishFleet(round: number): Promise<void> {
  const client = await mqtt.connectAsync(stack.brokerUrl, { protocolVersion: process.env.MQTT_URL ? 5 : 4, clientId: `${agencyId}-fleet` })
  const ts = Date.now() - 2000
  await Promise.all(Array.from({ length: BUSES }, (_, i) => {
    const vehicleId = `bus-${String(i + 1).padStart(4, '0')}`
    const fix = { ts, lat: 31.90 + Math.floor(i / 15) * 0.008, lon: 35.84 + (i % 15) * 0.01 + round * 0.002, speed: 8, bearing: 90 }
    return client.publishAsync(formatPositionTopic(agencyId, vehicleId), JSON.stringify(fix), { qos: 1 })
  }))
  await client.endAsync()
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('pageerror', (err) => {
    throw err
  })
  return page
}

describe.skipIf(missing !== null)('the dashboard in headless Chromium', () => {
  it('lets a rider find a stop in Arabic, right to left, and see its arrivals and QR code', async () => {
    const page = await newPage()
    await page.setViewportSize({ width: 390, height: 844 }) // a phone
    await page.goto(`${stack.api.url}/`)
    expect(await page.getAttribute('html', 'dir')).toBe('rtl')
    expect(await page.getAttribute('html', 'lang')).toBe('ar')
    await page.fill('#stop-query', 'العبدلي')
    const first = page.locator('#stop-results a').first()
    await first.waitFor({ timeout: 15_000 })
    expect(await first.textContent()).toMatch(/[\u0600-\u06FF]/)
    await first.click()
    await page.waitForURL(/#\/stops\//)
    await page.locator('h1').first().waitFor()
    expect(await page.locator('h1').first().textContent()).toMatch(/[\u0600-\u06FF]/)
    await page.locator('ul.routes[aria-live="polite"]').waitFor()
    await page.waitForFunction(() => document.querySelector('ul.routes')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 15_000 })
    // every arrival, or the notice that none is due within the hour: a text a screen reader reads
    expect((await page.locator('ul.routes li.route').count()) + (await page.locator('p.notice').count())).toBeGreaterThan(0)
    const qr = page.locator('section.share img')
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\//)
    const target = await page.locator('section.share a').getAttribute('href')
    expect(target).toMatch(/#\/stops\/[^/]+$/)
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-stop-ar.png'), fullPage: true })
    // the QR code's target opens the same stop page
    const opened = await newPage()
    await opened.goto(target!)
    await opened.locator('section.share img').waitFor()
    expect(await opened.locator('h1').first().textContent()).toBe(await page.locator('h1').first().textContent())
    await opened.close()
    // English reads left to right
    await page.click('button.lang-switch')
    expect(await page.getAttribute('html', 'dir')).toBe('ltr')
    await page.close()
  }, 60_000)

  it('lets a dispatcher sign in and watch the fleet live on the map and in the table, filter it, and replay a bus', async () => {
    const page = await newPage()
    await page.goto(`${stack.api.url}/?lang=en#/dispatch`)
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.click('form.login button[type="submit"]')
    await page.locator('section.kpis').waitFor({ timeout: 15_000 })
    // the strip carries the prediction accuracy score (nothing scored yet on a fresh stack: a dash, not 0 %)
    expect(await page.locator('section.kpis .accuracy dd').textContent()).toBe('–')
    await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
    await publishFleet(0)
    await expect.poll(() => stack.api.fleet.size, { timeout: 15_000 }).toBe(BUSES)
    // the buses arrive over the WebSocket into one GeoJSON source on the map, and as rows of the table
    // (a feature crossing a tile boundary is returned once per tile: count vehicles)
    const counts = () => page.evaluate(() => ({
      rows: document.querySelectorAll('table tbody tr').length,
      onMap: new Set(window.__masarMap?.querySourceFeatures('buses').map((f) => f.properties.vehicleId)).size,
    }))
    await expect.poll(counts, { timeout: 20_000, interval: 250 }).toEqual({ rows: BUSES, onMap: BUSES })
    expect(await page.locator('.maplibregl-marker').count()).toBe(0) // never a DOM marker per bus
    // …and move when their trackers report again
    const where = () => page.evaluate(() => (window.__masarMap?.querySourceFeatures('buses').find((f) => f.properties.vehicleId === 'bus-0001')?.geometry as { coordinates: number[] } | undefined)?.coordinates[0] ?? null)
    const before = await where()
    await publishFleet(1)
    await expect.poll(where, { timeout: 15_000, interval: 250 }).toBeCloseTo((before ?? 0) + 0.002, 4)
    await page.screenshot({ path: join(SCREENSHOTS, 'dispatch-fleet.png') })

    // the table filters by health (every bus is fresh here)
    const health = page.locator('.filters select').nth(1)
    await health.selectOption('offline')
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(0)
    await health.selectOption('fresh')
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(BUSES)

    // a bus's panel, and its last hour replayed on the map from the stored history
    await page.locator('table tbody tr').first().locator('a, button').first().click()
    await page.locator('section.vehicle-panel').waitFor()
    expect(await page.locator('#vehicle-panel-heading').textContent()).toContain('bus-0001')
    await page.getByRole('button', { name: 'Load the last hour' }).click()
    await page.locator('section.playback p.summary').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.evaluate(() => window.__masarMap?.querySourceFeatures('track').length ?? 0), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.locator('section.playback input[type="range"]').press('End')
    await page.screenshot({ path: join(SCREENSHOTS, 'dispatch-vehicle-history.png') })

    // a service alert written in Arabic and English appears in the GTFS-Realtime Alerts feed
    await page.goto(`${stack.api.url}/?lang=en#/dispatch/alerts`)
    await page.getByRole('button', { name: 'New alert' }).click()
    const header = `Route closed for works ${process.pid}`
    await page.fill('form.editor input[lang="ar"]', 'الطريق مغلق للصيانة')
    await page.fill('form.editor input[lang="en"]', header)
    const routePicker = page.locator('form.editor select').nth(2)
    await routePicker.selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => {
      const feed = (await (await fetch(`${stack.api.url}/gtfs-rt/alerts.pb?format=json`)).json()) as { entity?: Array<{ alert?: { headerText?: { translation?: Array<{ text: string; language: string }> } } }> }
      return (feed.entity ?? []).flatMap((e) => e.alert?.headerText?.translation ?? []).map((t) => `${t.language}:${t.text}`)
    }, { timeout: 15_000, interval: 300 }).toEqual(expect.arrayContaining([`en:${header}`, 'ar:الطريق مغلق للصيانة']))
    await page.screenshot({ path: join(SCREENSHOTS, 'dispatch-alerts.png') })
    await page.close()
  }, 120_000)
})
