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
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'

/**
 * The dashboard's language in real headless Chromium (Debian's chromium), served by the api of a whole stack with
 * the fleet simulator at a weekday's morning peak, as dashboard.browser.integration.test.ts does: a browser whose
 * languages put English before Arabic gets English, left to right; any other gets Arabic; the switch's choice is
 * remembered over the browser's. And the dispatcher's route view says things in people's words: directions by the
 * stop they go towards, stops by name, headways in minutes. Screenshots at phone and desktop sizes in both
 * languages are kept in dashboard/screenshots/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'screenshots')
const ADMIN_PASSWORD = 'language-test-password'
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const ROUTE = 'BRT1' // the demo feed's first BRT line (gtfs/loader/demo-feed): buses every few minutes at the peak
const agencyId = `lang${process.pid}`

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
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-language-e2e-'))
  dirs.push(dataDir)
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
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await database?.close()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A browser as a user's: `locale` sets navigator.languages and the Accept-Language header. */
async function contextIn(locale: string): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport: DESKTOP, timezoneId: 'Asia/Amman' })
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

const htmlLangDir = async (page: Page) => ({ lang: await page.getAttribute('html', 'lang'), dir: await page.getAttribute('html', 'dir') })

describe.skipIf(missing !== null)('the dashboard\'s language in headless Chromium', () => {
  it('opens in English for a browser that prefers English, in Arabic otherwise, and remembers the switch', async () => {
    const cases: Array<[string, { lang: string; dir: string }]> = [
      ['en-GB', { lang: 'en', dir: 'ltr' }],
      ['en-US', { lang: 'en', dir: 'ltr' }],
      ['ar-JO', { lang: 'ar', dir: 'rtl' }],
      ['fr-FR', { lang: 'ar', dir: 'rtl' }], // neither Arabic nor English: Arabic
    ]
    for (const [locale, expected] of cases) {
      const context = await contextIn(locale)
      const page = await open(context)
      expect(await htmlLangDir(page), locale).toEqual(expected)
      expect(await page.locator('button.lang-switch').getAttribute('lang'), locale).toBe(expected.lang === 'ar' ? 'en' : 'ar')
      await context.close()
    }

    // the rider's home in both languages, at a phone's size and a desktop's
    for (const [locale, lang] of [['en-GB', 'en'], ['ar-JO', 'ar']] as const) {
      const context = await contextIn(locale)
      const page = await open(context)
      await page.screenshot({ path: join(SCREENSHOTS, `rider-home-${lang}-desktop.png`) })
      await page.setViewportSize(PHONE)
      await page.screenshot({ path: join(SCREENSHOTS, `rider-home-${lang}-phone.png`) })
      await context.close()
    }

    // an English browser switched to Arabic stays Arabic on the next visit, and back
    const context = await contextIn('en-GB')
    const page = await open(context)
    await page.click('button.lang-switch')
    expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl' })
    await page.reload()
    await page.locator('button.lang-switch').waitFor()
    expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl' })
    expect(await page.evaluate(() => localStorage.getItem('masar.lang'))).toBe('ar')
    await page.click('button.lang-switch')
    await page.reload()
    await page.locator('button.lang-switch').waitFor()
    expect(await htmlLangDir(page)).toEqual({ lang: 'en', dir: 'ltr' })
    await context.close()
  }, 60_000)

  it('shows a route\'s directions and stops by name and its headways in minutes, in English and Arabic', async () => {
    const context = await contextIn('en-GB')
    const page = await open(context, '#/dispatch')
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.click('form.login button[type="submit"]')
    const view = page.locator('section.route-view')
    await view.waitFor({ timeout: 15_000 })
    await view.locator('select').first().selectOption(ROUTE)

    // the feed's names (gtfs/loader/demo-feed: stops.txt, and translations.txt for English)
    const directionNames = () => view.locator('.ladder-controls select').first().locator('option').allTextContents()
    await expect.poll(directionNames, { timeout: 15_000 }).toEqual([expect.stringMatching(/^Towards [A-Z]/), expect.stringMatching(/^Towards [A-Z]/)])
    const headwayHeadings = view.locator('section.direction h4')
    await expect.poll(() => headwayHeadings.count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0)
    for (const heading of await headwayHeadings.allTextContents()) expect(heading.trim()).toMatch(/^Towards [A-Z][^\d]*\d+ bunched/)
    const stopLabels = view.locator('svg text.stop-name')
    await expect.poll(() => stopLabels.count(), { timeout: 30_000 }).toBeGreaterThan(1)
    const labels = await stopLabels.allTextContents()
    expect(labels.filter((label) => /^S\d+$/.test(label.trim()))).toEqual([]) // names, not stop_ids
    expect(labels.every((label) => /[A-Za-z]/.test(label) && !/[\u0600-\u06FF]/.test(label))).toBe(true)

    // headways in minutes, never "47:00"
    const headwayTexts = async () => [
      ...(await view.locator('section.direction ol li').allTextContents()),
      ...(await view.locator('section.direction svg text.label').allTextContents()),
    ]
    await expect.poll(async () => (await headwayTexts()).length, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0)
    const english = await headwayTexts()
    expect(english.filter((text) => /\d:\d\d/.test(text))).toEqual([])
    expect(english.filter((text) => / behind /.test(text)).every((text) => /(\d+ min|under a minute|overtook it by)/.test(text))).toBe(true)
    expect(english.filter((text) => /timetable/.test(text)).every((text) => /timetable: (every \d+ min|every minute|under a minute)/.test(text))).toBe(true)
    // each bus by its fleet number under its bar (not "s-0107", a cut-off id that reads as a stop code), and where it is
    // by the name of its next stop
    const busLabels = await view.locator('section.direction svg text.label').allTextContents()
    expect(busLabels.filter((label) => !/^\d+ min$|^<1 min$|^\u2212\d+ min$/.test(label)).every((label) => /^\d{2,}$/.test(label))).toBe(true)
    expect(english.some((text) => /^\u2068bus-\d+\u2069 \(next stop: [A-Z]/.test(text))).toBe(true)

    await view.scrollIntoViewIfNeeded()
    await view.screenshot({ path: join(SCREENSHOTS, 'dispatch-route-view-en-desktop.png') })
    await page.setViewportSize(PHONE)
    // nothing wider than the screen (right to left, it would be cut off) but inside a box that scrolls: the elements that are, named
    const widerThanThePhone = () => page.evaluate(() => {
      const offenders = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().width > window.innerWidth + 1)
        .filter((e) => {
          for (let up = e.parentElement; up; up = up.parentElement) if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) return false
          return true
        })
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().width)}`)
      const page = document.documentElement.scrollWidth
      return page > window.innerWidth ? [`the page: ${page}`, ...offenders] : offenders
    })
    await expect.poll(widerThanThePhone).toEqual([])
    // the phone's screen as it shows the top of the route view, scrolled down to it
    const phoneShot = async (path: string) => {
      const at = await view.evaluate((element) => {
        window.scrollTo({ left: 0, top: element.getBoundingClientRect().top + window.scrollY, behavior: 'instant' })
        return { top: Math.round(element.getBoundingClientRect().top) }
      })
      expect(at.top).toBe(0)
      await page.screenshot({ path: join(SCREENSHOTS, path) })
    }
    await phoneShot('dispatch-route-view-en-phone.png')

    // Arabic: the same view in Arabic names, right to left
    await page.click('button.lang-switch')
    expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl' })
    await expect.poll(directionNames, { timeout: 15_000 }).toEqual([expect.stringMatching(/^باتجاه [\u0600-\u06FF]/), expect.stringMatching(/^باتجاه [\u0600-\u06FF]/)])
    await expect.poll(async () => (await stopLabels.allTextContents()).every((label) => /[\u0600-\u06FF]/.test(label)), { timeout: 30_000 }).toBe(true)
    await expect.poll(async () => (await headwayHeadings.allTextContents()).every((h) => h.trim().startsWith('باتجاه')), { timeout: 30_000 }).toBe(true)
    const arabic = await headwayTexts()
    expect(arabic.filter((text) => /\d:\d\d/.test(text))).toEqual([])
    expect(arabic.some((text) => /\(الموقف التالي: [\u0600-\u06FF]/.test(text))).toBe(true)
    expect(await widerThanThePhone()).toEqual([])
    // the choice is remembered: the page opened again is Arabic though the browser prefers English
    await page.reload()
    await view.locator('select').first().selectOption(ROUTE)
    expect(await htmlLangDir(page)).toEqual({ lang: 'ar', dir: 'rtl' })
    await expect.poll(() => headwayHeadings.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await expect.poll(() => stopLabels.count(), { timeout: 30_000 }).toBeGreaterThan(1)
    await phoneShot('dispatch-route-view-ar-phone.png')
    await page.setViewportSize(DESKTOP)
    await view.screenshot({ path: join(SCREENSHOTS, 'dispatch-route-view-ar-desktop.png') })
    await context.close()
  }, 150_000)
})
