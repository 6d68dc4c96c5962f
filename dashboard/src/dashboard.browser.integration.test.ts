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
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'

/**
 * Both faces of the dashboard in real headless Chromium (Debian's chromium, as .ci/run installs it), served by the
 * api of a whole stack: the embedded broker and TimescaleDB, or the real PostgreSQL and Mosquitto when
 * DATABASE_URL / MQTT_URL are set. The buses are the fleet simulator's, each its own MQTT client, on a demo clock
 * at a weekday's morning peak whatever the hour the test runs (so the dashboard must count by the server's clock).
 * Screenshots of each face are saved under dashboard/test-output/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'test-output')
const ADMIN_PASSWORD = 'dashboard-test-password'
const MIN_BUSES = 200 // of Amman's 206, out at the morning peak (a few trackers may be offline at any moment)
const agencyId = `dash${process.pid}` // the simulated trackers' agency: their topics and client ids, apart from other tests on a shared broker

/** 08:00 in Amman (UTC+3) on the latest day up to today that runs the weekday timetable: every bus is out then. */
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
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' }) // built, and not older than its sources
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-dashboard-e2e-'))
  dirs.push(dataDir)
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', SIM_START: weekdayMorningIso(Date.now()), SIM_AGENCY_ID: agencyId,
    API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
    // a realtime engine of this run's own on a shared broker: another run's retained state is not this one's
    REALTIME_ENGINE_KEY: `${agencyId}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
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

async function newPage(): Promise<Page> {
  // riders and dispatchers are in Amman, their browsers in Arabic (the dashboard follows the browser's language)
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Amman', locale: 'ar-JO' })
  page.on('pageerror', (err) => {
    throw err
  })
  // what to look at when a page never renders (e.g. dist/ rebuilt under a running test)
  page.on('response', (response) => {
    if (response.status() >= 400) console.warn(`the api answered ${response.status()} for ${response.url()}`)
  })
  return page
}

describe.skipIf(missing !== null)('the dashboard in headless Chromium', () => {
  it('lets a dispatcher sign in and watch the simulated fleet live on the map and in the table, filter it, and replay a bus', async () => {
    const page = await newPage()
    await page.goto(`${stack.api.url}/?lang=en#/dispatch`)
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.click('form.login button[type="submit"]')
    await page.locator('section.kpis').waitFor({ timeout: 15_000 })
    // the strip carries the prediction accuracy score: a dash until arrivals have been scored, then a percentage
    expect(await page.locator('section.kpis .accuracy dd').textContent()).toMatch(/^(–|\d+(\.\d+)?\s?%)$/)
    await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
    // the simulator's buses arrive over the WebSocket into one GeoJSON source on the map, and as rows of the table
    // (a feature crossing a tile boundary is returned once per tile: count vehicles)
    const counts = () => page.evaluate(() => ({
      rows: document.querySelectorAll('table tbody tr').length,
      onMap: new Set(window.__masarMap?.querySourceFeatures('buses').map((f) => f.properties.vehicleId)).size,
    }))
    await expect.poll(counts, { timeout: 60_000, interval: 500 }).toSatisfy(({ rows, onMap }: { rows: number; onMap: number }) => rows >= MIN_BUSES && onMap >= MIN_BUSES)
    expect(stack.api.fleet.size).toBeGreaterThanOrEqual(MIN_BUSES)
    expect(await page.locator('.maplibregl-marker').count()).toBe(0) // never a DOM marker per bus
    // …and move as their trackers report: between two reads of the map, many buses are somewhere else
    const positions = () => page.evaluate(() => Object.fromEntries((window.__masarMap?.querySourceFeatures('buses') ?? [])
      .map((f) => [f.properties.vehicleId as string, (f.geometry as { coordinates: number[] }).coordinates.join(',')])))
    const before = await positions()
    await expect.poll(async () => {
      const now = await positions()
      return Object.keys(now).filter((id) => before[id] !== undefined && now[id] !== before[id]).length
    }, { timeout: 30_000, interval: 1000 }).toBeGreaterThanOrEqual(50)
    await page.screenshot({ path: join(SCREENSHOTS, 'dispatch-fleet.png') })

    // the last-ping ages are counted on the server's (demo) clock: seconds, not the hours between it and this machine's
    const freshAges = await page.locator('table tbody tr:has(.dot.fresh) td:nth-of-type(4)').allTextContents()
    expect(freshAges.length).toBeGreaterThan(0)
    expect(freshAges.every((age) => /^\d+ s$/.test(age.trim()))).toBe(true)

    // the table filters by health and by route
    const [routeFilter, healthFilter] = [page.locator('.filters select').nth(0), page.locator('.filters select').nth(1)]
    await healthFilter.selectOption('fresh')
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('table tbody tr:not(:has(.dot.fresh))').count()).toBe(0)
    await healthFilter.selectOption('all')
    const route = (await routeFilter.locator('option').nth(1).getAttribute('value'))!
    await routeFilter.selectOption(route)
    await expect.poll(() => page.locator('table tbody tr').count()).toBeLessThan(MIN_BUSES)
    const routeCells = await page.locator('table tbody tr td:nth-of-type(1)').allTextContents()
    expect(routeCells.length).toBeGreaterThan(0)
    expect(new Set(routeCells.map((cell) => cell.trim()))).toEqual(new Set([route]))
    await routeFilter.selectOption('')

    // a bus's panel, and its last hour replayed on the map from the stored history
    const firstRow = page.locator('table tbody tr').first()
    const vehicleId = (await firstRow.locator('th').textContent())!.trim()
    await firstRow.locator('a, button').first().click()
    await page.locator('section.vehicle-panel').waitFor()
    expect(await page.locator('#vehicle-panel-heading').textContent()).toContain(vehicleId)
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
  }, 150_000)

  it('lets a rider find a stop in Arabic, right to left, and see its arrivals, live ones among them, and QR code', async () => {
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
    // the simulated buses on their way make realtime arrivals (the page refreshes them over the WebSocket)
    await expect.poll(() => page.locator('ul.routes li.arrival .mark.live').count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0)
    // counted down on the server's (demo) clock: within the hour, and not all "now" (what a clock hours ahead would show)
    const countdowns = (await page.locator('ul.routes li.arrival .when').allTextContents()).map((text) => text.trim())
    expect(countdowns.some((text) => text !== 'الآن')).toBe(true)
    expect(countdowns.every((text) => Number(/\d+/.exec(text)?.[0] ?? 0) <= 60)).toBe(true)
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
    // English reads left to right, and says where the buses go in English too, also once the live stream has
    // replaced the arrivals (every 15 s)
    await page.click('button.lang-switch')
    expect(await page.getAttribute('html', 'dir')).toBe('ltr')
    const headsigns = () => page.locator('ul.routes li.arrival .headsign').allTextContents()
    const inEnglish = async () => {
      const texts = await headsigns()
      return texts.length > 0 && texts.every((text) => /^to [A-Za-z]/.test(text.trim()) && !/[\u0600-\u06FF]/.test(text))
    }
    await expect.poll(inEnglish, { timeout: 15_000, interval: 500 }).toBe(true)
    await page.waitForTimeout(16_000)
    expect(await inEnglish()).toBe(true)
    await page.close()
  }, 120_000)
})
