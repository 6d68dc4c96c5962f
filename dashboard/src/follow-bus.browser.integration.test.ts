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
 * The rider's app beyond the arrivals list (issue #20 §2), in real headless Chromium against a whole stack (the
 * embedded one, or PostgreSQL and Mosquitto when DATABASE_URL / MQTT_URL are set) with the fleet simulator's buses
 * on a weekday morning's demo clock: follow my bus on a map (the bus moving between fixes, the stops ahead, its
 * place in words), the stop page's coming buses, and the installable app's worker keeping a stop's last arrivals
 * for when the phone is offline. Screenshots go to dashboard/screenshots/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'screenshots') // the screenshots, kept
const agencyId = `follow${process.pid}` // the simulated trackers' agency: their topics and client ids, apart from other tests on a shared broker

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
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-follow-bus-e2e-'))
  dirs.push(dataDir)
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', SIM_START: weekdayMorningIso(Date.now()), SIM_AGENCY_ID: agencyId,
    MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
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

async function newPage(viewport: { width: number; height: number }, locale = 'ar-JO'): Promise<Page> {
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Amman', locale, serviceWorkers: 'allow' })
  return context.newPage()
}

/** A stop with buses on their way: Abdali's first result, once a live arrival shows there; its page and a trip to follow. */
async function stopWithLiveArrivals(page: Page): Promise<{ tripHref: string }> {
  await page.goto(`${stack.api.url}/`)
  await page.fill('#stop-query', 'العبدلي')
  const first = page.locator('#stop-results a').first()
  await first.waitFor({ timeout: 15_000 })
  await first.click()
  await page.waitForURL(/#\/stops\//)
  const follow = page.locator('ul.routes li.arrival a[href^="#/trips/"]')
  await expect.poll(() => follow.count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0)
  return { tripHref: (await follow.first().getAttribute('href'))! }
}

type Lonlat = [number, number]
const busOnMap = (page: Page) => page.evaluate(async () => {
  const source = window.__masarRiderMap?.getSource('rider-buses') as { getData(): Promise<{ features: Array<{ geometry: { coordinates: Lonlat } }> }> } | undefined
  const data = await source?.getData()
  return data?.features.map((f) => f.geometry.coordinates) ?? []
})
const stopStatesOnMap = (page: Page) => page.evaluate(async () => {
  const source = window.__masarRiderMap?.getSource('rider-stops') as { getData(): Promise<{ features: Array<{ properties: { state: string } }> }> } | undefined
  const data = await source?.getData()
  return data?.features.map((f) => f.properties.state) ?? []
})

describe.skipIf(missing)('the rider follows a bus, sees where the coming buses are, and keeps the arrivals offline', () => {
  it('shows the followed bus moving on a map along its route, the stops ahead, and its place in words', async () => {
    const page = await newPage({ width: 390, height: 844 })
    const { tripHref } = await stopWithLiveArrivals(page)
    await page.goto(`${stack.api.url}/${tripHref}`)
    expect(await page.getAttribute('html', 'dir')).toBe('rtl')
    await page.locator('.rider-map canvas').waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await busOnMap(page)).length, { timeout: 30_000, interval: 500 }).toBe(1)
    const states = await stopStatesOnMap(page)
    expect(states.filter((s) => s === 'ahead' || s === 'next').length).toBeGreaterThan(0)
    // in words, never as coordinates: between two stops, at one, or heading for the first
    const where = (await page.locator('dd.where').textContent())!.trim()
    expect(where).toMatch(/^(بين|عند موقف|متجهة إلى) /)
    expect(await page.locator('section.bus').textContent()).not.toMatch(/\d+\.\d{4}/)
    expect(await page.locator('dd.fix-age').textContent()).toMatch(/^قبل /)
    await expect.poll(() => page.locator('.next-stops li').count()).toBeGreaterThan(0)
    // the bus moves on the map with its next fix (the live stream, or the trip's answer every 15 s)
    const [before] = await busOnMap(page)
    await expect.poll(async () => JSON.stringify((await busOnMap(page))[0]) !== JSON.stringify(before), { timeout: 45_000, interval: 500 }).toBe(true)
    // following: the map is centred on the bus; a press stops it
    const followButton = page.locator('section.bus button[aria-pressed]')
    expect(await followButton.getAttribute('aria-pressed')).toBe('true')
    const [bus] = await busOnMap(page)
    await expect.poll(async () => {
      const center = await page.evaluate(() => window.__masarRiderMap?.getCenter().toArray())
      return center && bus ? Math.hypot(center[0]! - bus[0], center[1]! - bus[1]) < 0.01 : false
    }, { timeout: 10_000 }).toBe(true)
    await page.waitForTimeout(1000) // the easing to the bus done, before the picture
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-follow-bus-ar-phone.png') })
    await followButton.click()
    expect(await followButton.getAttribute('aria-pressed')).toBe('false')

    // English, left to right, on a desktop
    const desktop = await newPage({ width: 1280, height: 800 }, 'en-GB')
    await desktop.goto(`${stack.api.url}/?lang=en${tripHref}`)
    expect(await desktop.getAttribute('html', 'dir')).toBe('ltr')
    await expect.poll(async () => (await busOnMap(desktop)).length, { timeout: 30_000, interval: 500 }).toBe(1)
    expect((await desktop.locator('dd.where').textContent())!.trim()).toMatch(/^(Between|At stop|Heading for) /)
    await desktop.waitForTimeout(1000)
    await desktop.screenshot({ path: join(SCREENSHOTS, 'rider-follow-bus-en-desktop.png') })
    await desktop.context().close()
    await page.context().close()
  }, 180_000)

  it('shows where the coming buses are on a stop\'s page, and its last arrivals offline with their age', async () => {
    const page = await newPage({ width: 390, height: 844 })
    page.on('console', (m) => { if (m.type() === 'error') console.warn('page:', m.text()) })
    page.context().on('serviceworker', (w) => console.warn('service worker:', w.url()))
    await stopWithLiveArrivals(page)
    // in words: stops away and km, for each bus predicted
    const coming = page.locator('ul.coming-buses li')
    await expect.poll(() => coming.count(), { timeout: 45_000, interval: 1000 }).toBeGreaterThan(0)
    // each says how far: at this stop, or stops away and km
    for (const text of await coming.allTextContents()) expect(text).toMatch(/عند هذا الموقف|على بعد [\d.]+ كم/)
    // on a map, when asked
    await page.locator('section.coming button[aria-expanded]').click()
    await page.locator('.rider-map canvas').waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await busOnMap(page)).length, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0)
    expect(await stopStatesOnMap(page)).toEqual(['here'])
    await page.waitForTimeout(1000)
    await page.locator('section.coming').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-stop-map-ar-phone.png') })

    // the installable app: its worker takes over the page…
    await expect.poll(() => page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      return JSON.stringify({ registered: !!registration, active: registration?.active?.state ?? null, installing: registration?.installing?.state ?? null, controlled: navigator.serviceWorker.controller !== null })
    }), { timeout: 30_000, interval: 1000 }).toMatch(/"controlled":true/)
    // …and the page has kept the stop's arrivals; say they were seen 12 minutes ago (both clocks, so the countdowns hold)
    await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)!
        if (!key.startsWith('masar.lastArrivals.')) continue
        const kept = JSON.parse(localStorage.getItem(key)!) as { seenAtMs: number; seenAtLocalMs: number }
        localStorage.setItem(key, JSON.stringify({ ...kept, seenAtMs: kept.seenAtMs - 12 * 60_000, seenAtLocalMs: kept.seenAtLocalMs - 12 * 60_000 }))
      }
    })
    await page.context().setOffline(true)
    await page.reload()
    const notice = page.locator('.notice.offline')
    await notice.waitFor({ timeout: 20_000 }).catch(async (err: unknown) => {
      console.warn('offline page says:', await page.locator('body').textContent(), await page.evaluate(() => Object.keys(localStorage)))
      throw err
    })
    expect(await notice.textContent()).toMatch(/أنت غير متصل بالإنترنت\.\s*شوهدت هذه المواعيد قبل 12 دقيقة/)
    expect(await page.locator('ul.routes li.arrival').count()).toBeGreaterThan(0)
    // nothing of the kept copy says "live"; its predictions say they are as last seen
    expect(await page.locator('ul.routes .mark.live').count()).toBe(0)
    expect(await page.locator('ul.routes .mark.seen-before').count()).toBeGreaterThan(0)
    expect(await page.locator('.live-status').textContent()).not.toMatch(/التحديث المباشر يعمل/)
    await page.screenshot({ path: join(SCREENSHOTS, 'rider-offline-ar-phone.png') })
    await page.context().setOffline(false)
    await page.context().close()
  }, 180_000)
})
