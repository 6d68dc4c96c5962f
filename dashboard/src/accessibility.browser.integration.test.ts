import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import { loadLocalConfig } from '@masar/local/config'
import { startStack, type Stack } from '@masar/local/start-stack'
import type { StopArrivalsResponse } from '@masar/model/api/stops'
import { formatPositionTopicFilter } from '@masar/model/telemetry/topics'
import { createTestDatabase, type TestDatabase } from '@masar/platform/testing/test-database'
import pino from 'pino'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatViolations, isBlocking, WCAG_AA_TAGS } from './accessibility/axe-report.js'
import { controlsOf, tabThrough, type Reached } from './accessibility/keyboard-walk.js'

/**
 * Accessibility measured by axe-core (@axe-core/playwright) in real headless Chromium, over every page of both faces
 * in both languages, served by the api of a whole stack with the fleet simulator at a weekday's morning peak (as
 * dashboard.browser.integration.test.ts): zero serious or critical violations of WCAG 2.0/2.1 A and AA, every
 * violation printed (rule, impact, element). And the keyboard alone: every control of the rider's stop page and of
 * the dispatcher's fleet table reached with Tab, with a visible focus, and used with Enter and Space.
 *
 * Nothing is excluded from axe's scan: MapLibre's canvas is a named, focusable region (its keyboard handlers pan and
 * zoom), and what it draws has text equivalents on the page (the fleet table, the stop list).
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_PASSWORD = 'a11y-test-password'
const DESKTOP = { width: 1280, height: 800 }
const SEARCH = 'العبدلي' // a stop of the demo feed, found in either language
const ROUTE = 'BRT1' // the demo feed's first BRT line (gtfs/loader/demo-feed)
const LANGS = ['ar', 'en'] as const
type Lang = (typeof LANGS)[number]
const agencyId = `a11y${process.pid}`

/** What a page needs from the demo: a stop with arrivals and a trip followed live. */
interface DemoIds {
  stopId: string
  tripId: string
}

/**
 * The rider's pages, each an address and what to wait for before scanning. A new page is one line here.
 */
interface RiderPage {
  name: string
  hash: (ids: DemoIds) => string
  ready: (page: Page) => Promise<void>
}
const RIDER_PAGES: RiderPage[] = [
  {
    name: 'home (map, nearby stops, saved)',
    hash: () => '#/',
    ready: async (page) => {
      await page.locator('#stop-query').waitFor()
      await page.locator('[data-testid="nearby-stops"] a').first().waitFor({ timeout: 30_000 })
      await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
    },
  },
  {
    name: 'home with search results',
    hash: () => '#/',
    ready: async (page) => {
      await page.fill('#stop-query', SEARCH)
      await page.locator('#stop-results a').first().waitFor({ timeout: 15_000 })
    },
  },
  { name: 'stop', hash: (ids) => `#/stops/${encodeURIComponent(ids.stopId)}`, ready: (page) => arrivalsShown(page) },
  {
    name: 'trip (follow my bus, its map)',
    hash: (ids) => `#/trips/${encodeURIComponent(ids.tripId)}`,
    ready: async (page) => {
      await page.locator('main h1').first().waitFor()
      await page.waitForFunction(() => window.__masarRiderMap?.loaded() === true, undefined, { timeout: 30_000 })
    },
  },
  { name: 'routes', hash: () => '#/routes', ready: (page) => page.locator('main a[href^="#/routes/"]').first().waitFor({ timeout: 15_000 }) },
  { name: 'route (its stops by direction)', hash: () => '#/routes/BRT1', ready: (page) => page.locator('main a[href^="#/stops/"]').first().waitFor({ timeout: 15_000 }) },
  { name: 'stop sheet', hash: (ids) => `#/stops/${encodeURIComponent(ids.stopId)}/sheet`, ready: (page) => page.locator('main h1').first().waitFor() },
  { name: 'open data', hash: () => '#/open-data', ready: (page) => page.locator('main h1').first().waitFor() },
]

/**
 * The dispatcher's pages, in the order a dispatcher reaches them in one signed-in tab (the session lives in
 * sessionStorage): each step brings its page up from the one before.
 */
interface DispatcherStep {
  name: string
  show: (page: Page) => Promise<void>
}
const DISPATCHER_STEPS: DispatcherStep[] = [
  {
    name: 'fleet: map, table, key figures and sources',
    show: async (page) => {
      await page.waitForFunction(() => window.__masarMap?.loaded() === true, undefined, { timeout: 30_000 })
      await page.locator('section.sources h2, section.sources h3').first().waitFor({ timeout: 15_000 })
      await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    },
  },
  {
    // the table scrolls in its own box: axe cannot judge the contrast of rows scrolled out of it (elmPartiallyObscured),
    // so for this scan the box shows every row (the rows' own styles unchanged), then scrolls again
    name: 'fleet table, every row shown',
    show: async (page) => {
      await page.locator('div.fleet-table .scroller').evaluate((box) => box.setAttribute('style', 'max-block-size: none; overflow: visible'))
    },
  },
  {
    name: 'route view',
    show: async (page) => {
      await page.locator('div.fleet-table .scroller').evaluate((box) => box.removeAttribute('style'))
      const view = page.locator('section.route-view')
      await view.locator('select').first().selectOption(ROUTE)
      await expect.poll(() => view.locator('svg text.stop-name').count(), { timeout: 30_000 }).toBeGreaterThan(1)
    },
  },
  {
    name: 'vehicle panel',
    show: async (page) => {
      await page.locator('table tbody tr').first().locator('button').first().click()
      await page.locator('section.vehicle-panel').waitFor()
    },
  },
  {
    name: 'history playback',
    show: async (page) => {
      await page.locator('section.playback button').first().click()
      await page.locator('section.playback p.summary').waitFor({ timeout: 15_000 })
    },
  },
  {
    name: 'sources: a phone set up as a tracker',
    show: async (page) => {
      const phone = page.locator('details.phone summary')
      if (await phone.count()) await phone.first().click()
    },
  },
  {
    name: 'alerts and the alert editor',
    show: async (page) => {
      await page.locator('a[href="#/dispatch/alerts"]').click()
      await page.locator('main h1').first().waitFor()
      await page.locator('main button.button:not(.secondary)').first().click() // "New alert"
      await page.locator('form.editor').waitFor()
    },
  },
]

/** 08:00 in Amman (UTC+3) on the latest day up to today that runs the weekday timetable. */
function weekdayMorningIso(nowMs: number): string {
  for (let back = 0; ; back++) {
    const day = new Date(nowMs - back * 86_400_000)
    if (new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Amman', weekday: 'short' }).format(day) === 'Fri') continue
    return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Amman' }).format(day)}T08:00:00+03:00`
  }
}

async function arrivalsShown(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('ul.routes')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 15_000 })
}

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let stack: Stack
let database: TestDatabase | null = null
let browser: Browser
let ids: DemoIds
const dirs: string[] = []

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-a11y-e2e-'))
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
  ids = await findDemoIds()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await database?.close()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** The first stop the search finds that a bus is coming to live, and that bus's trip (from the api). */
async function findDemoIds(): Promise<DemoIds> {
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${stack.api.url}${path}`)).json()) as T
  const { stops } = await get<{ stops: Array<{ stopId: string }> }>(`/api/v1/stops?${new URLSearchParams({ q: SEARCH, lang: 'ar' })}`)
  for (let round = 0; round < 60; round++) {
    for (const { stopId } of stops) {
      const { arrivals } = await get<Pick<StopArrivalsResponse, 'arrivals'>>(`/api/v1/stops/${encodeURIComponent(stopId)}/arrivals?limit=10&lang=ar`)
      const live = arrivals.find((arrival) => arrival.realtime)
      if (live) return { stopId, tripId: live.tripId }
    }
    await new Promise((resolve) => setTimeout(resolve, 2000)) // the simulator's buses are still reporting their first positions
  }
  throw new Error(`no stop found by "${SEARCH}" has a bus coming live`)
}

/** axe injects its script: the context bypasses Masar's Content-Security-Policy, which rightly forbids that. */
async function contextIn(lang: Lang): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: lang === 'ar' ? 'ar-JO' : 'en-GB', viewport: DESKTOP, timezoneId: 'Asia/Amman', bypassCSP: true })
  await context.addInitScript((chosen) => localStorage.setItem('masar.lang', chosen), lang)
  return context
}

async function open(context: BrowserContext, hash: string): Promise<Page> {
  const page = await context.newPage()
  const errors: Error[] = []
  page.on('pageerror', (err) => errors.push(err))
  await page.goto(`${stack.api.url}/${hash}`)
  await page.locator('button.lang-switch').waitFor()
  return page
}

/** Scans the whole page; returns the printed lines of the serious and critical violations (all are logged). */
async function scan(page: Page, where: string): Promise<string[]> {
  expect(await page.getAttribute('html', 'lang'), where).toBe(where.endsWith('(ar)') ? 'ar' : 'en')
  const { violations, passes, incomplete } = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze()
  // "incomplete": what axe could not decide alone (e.g. text over an image), for a person to look at; printed, not failed
  const undecided = incomplete.map((result) => `${result.id} ×${result.nodes.length} (${undecidedReasons(result.nodes)})`).join(', ')
  console.log(`axe: ${where}: ${passes.length} rules passed, ${violations.length} violated${undecided ? `; undecided: ${undecided}` : ''}`)
  for (const line of formatViolations(where, violations)) console.log(`axe: ${line}`)
  return formatViolations(where, violations.filter(isBlocking))
}

/** Why axe could not decide, counted: its message keys (e.g. bgOverlap, an element over another). */
function undecidedReasons(nodes: Array<{ any: Array<{ data?: unknown }> }>): string {
  const counts = new Map<string, number>()
  for (const node of nodes) {
    const key = (node.any[0]?.data as { messageKey?: string } | undefined)?.messageKey ?? 'unknown'
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, count]) => `${key} ${count}`).join(', ')
}

describe.skipIf(missing !== null)('accessibility of both faces in headless Chromium (axe-core, keyboard)', () => {
  it('finds no serious or critical WCAG A/AA violation on any rider page, in Arabic and English', async () => {
    const blocking: string[] = []
    for (const lang of LANGS) {
      const context = await contextIn(lang)
      for (const riderPage of RIDER_PAGES) {
        const page = await open(context, riderPage.hash(ids))
        await riderPage.ready(page)
        blocking.push(...(await scan(page, `rider ${riderPage.name} (${lang})`)))
        await page.close()
      }
      await context.close()
    }
    expect(blocking).toEqual([])
  }, 240_000)

  it('finds no serious or critical WCAG A/AA violation on any dispatcher page, in Arabic and English', async () => {
    const blocking: string[] = []
    for (const lang of LANGS) {
      const context = await contextIn(lang)
      const page = await open(context, '#/dispatch')
      blocking.push(...(await scan(page, `dispatcher sign-in (${lang})`)))
      await page.fill('input[name="username"]', 'admin')
      await page.fill('input[name="password"]', ADMIN_PASSWORD)
      await page.click('form.login button[type="submit"]')
      await page.locator('section.kpis').waitFor({ timeout: 15_000 })
      for (const step of DISPATCHER_STEPS) {
        await step.show(page)
        blocking.push(...(await scan(page, `dispatcher ${step.name} (${lang})`)))
      }
      await context.close()
    }
    expect(blocking).toEqual([])
  }, 420_000)

  it('lets a rider use every control of a stop page by keyboard alone, the focus always visible', async () => {
    const context = await contextIn('en')
    const page = await open(context, `#/stops/${encodeURIComponent(ids.stopId)}`)
    await arrivalsShown(page)
    await expect.poll(() => page.locator('a[href^="#/trips/"]').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const body = page.locator('body')
    const before = await controlsOf(body)
    // from the page's start, as a keyboard user arrives: the skip link first
    const reached = await tabThrough(page, body, page.locator('a.skip-link'), before.length + 10)
    expectAllReachedVisibly(before, await controlsOf(body), reached)

    // Enter follows a link, Enter and Space press a button
    await page.locator('a[href$="/sheet"]').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/sheet$/)
    await page.goBack()
    await arrivalsShown(page)
    await page.locator('a[href^="#/trips/"]').first().focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/trips\//)
    await page.goBack()
    await page.locator('button.lang-switch').focus()
    await page.keyboard.press('Space')
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('ar')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en')
    await context.close()
  }, 90_000)

  it('lets a dispatcher filter, sort and pick buses in the fleet table by keyboard alone, the focus always visible', async () => {
    const context = await contextIn('en')
    const page = await open(context, '#/dispatch')
    await page.fill('input[name="username"]', 'admin')
    await page.fill('input[name="password"]', ADMIN_PASSWORD)
    await page.keyboard.press('Enter') // the sign-in form submits on Enter
    const table = page.locator('div.fleet-table')
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const all = await table.locator('tbody tr').count()

    // a select changes with the arrow keys: one route's buses (fewer rows to walk through)
    const routeFilter = table.locator('.filters select').first()
    await routeFilter.focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => routeFilter.inputValue()).not.toBe('')
    await expect.poll(() => table.locator('tbody tr').count()).toBeLessThan(all)

    const before = await controlsOf(table)
    const reached = await tabThrough(page, table, routeFilter, before.length + 10)
    expectAllReachedVisibly(before, await controlsOf(table), reached)

    // a column's sort button: Enter sorts ascending, Space descending
    const routeHeader = table.locator('thead th').nth(1)
    await routeHeader.locator('button').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => routeHeader.getAttribute('aria-sort')).toBe('ascending')
    await page.keyboard.press('Space')
    await expect.poll(() => routeHeader.getAttribute('aria-sort')).toBe('descending')

    // a bus's button: Enter opens its panel, Space on another bus switches to it
    const rows = table.locator('tbody tr th button')
    await rows.first().focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => rows.first().getAttribute('aria-pressed')).toBe('true')
    await page.locator('section.vehicle-panel').waitFor()
    if ((await rows.count()) > 1) {
      await rows.nth(1).focus()
      await page.keyboard.press('Space')
      await expect.poll(() => rows.nth(1).getAttribute('aria-pressed')).toBe('true')
    }
    await context.close()
  }, 120_000)
})

/**
 * Every control that was there before and after the walk (the live data may add or drop a row meanwhile) was
 * reached by Tab, and each reached control showed where the focus was.
 */
function expectAllReachedVisibly(before: string[], after: string[], reached: Reached[]): void {
  const stayed = before.filter((control) => after.includes(control))
  const reachedControls = new Set(reached.map((r) => r.control))
  expect(stayed.length).toBeGreaterThan(1)
  expect(stayed.filter((control) => !reachedControls.has(control))).toEqual([])
  expect(reached.filter((r) => !r.focusVisible).map((r) => r.control)).toEqual([])
}
