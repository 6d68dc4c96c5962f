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
import { chromium, type Browser, type Page } from 'playwright-core'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The dispatcher's Sources panel and a bus's phone set-up, in real headless Chromium on a whole stack (npm start's
 * composition, without the simulator): a vendor feed failing in source_health (the row as ingest's poller writes it)
 * stands out, and a bus that reported once through the sources listener (OsmAnd, as Traccar Client sends) offers
 * the Traccar Client set-up QR code for itself. Screenshots in English and Arabic under dashboard/test-output/.
 */
const CHROMIUM = '/usr/bin/chromium'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const SCREENSHOTS = join(DASHBOARD, 'test-output')
const ADMIN_PASSWORD = 'sources-test-password'
const agencyId = `src${process.pid}`
const VEHICLE = 'bus-0001' // one of the demo's vehicles: npm start's listener takes them without a token

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let stack: Stack
let database: TestDatabase | null = null
let browser: Browser
const dirs: string[] = []

beforeAll(async () => {
  if (missing) return
  execSync('node scripts/ensure-dashboard-built.mjs', { cwd: join(DASHBOARD, '..'), stdio: 'inherit' })
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-sources-e2e-'))
  dirs.push(dataDir)
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'false', SIM_AGENCY_ID: agencyId, API_ADMIN_PASSWORD: ADMIN_PASSWORD, MQTT_TOPIC_FILTER: formatPositionTopicFilter(agencyId), INGEST_MQTT_CLIENT_ID: `${agencyId}-ingest`,
    REALTIME_ENGINE_KEY: `${agencyId}-${Date.now().toString(36)}`,
  }
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase()
    env.DATABASE_URL = database.url
  }
  if (process.env.MQTT_URL) Object.assign(env, { MQTT_URL: process.env.MQTT_URL, MQTT_PROTOCOL_VERSION: '5' })
  stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
  const nowMs = stack.clock.now()
  // two polled feeds as ingest upserts them: one answering, one failing for the last 12 polls
  await stack.pool.query(
    `INSERT INTO source_health (source_id, kind, url, instance, last_success_at, last_error_at, last_error, polls, errors, consecutive_errors, fixes, unchanged, rejected, updated_at)
     VALUES ('amman-avl', 'gtfs-rt', 'https://avl.example.org/vehicle-positions.pb', 'ingest-0', $1, NULL, NULL, 360, 0, 0, 51000, 1200, 3, $1),
            ('zarqa-siri', 'siri-vm', 'https://siri.example.org/vm', 'ingest-0', $2, $3, 'HTTP 503 Service Unavailable', 400, 100, 12, 9000, 0, 0, $3)`,
    [new Date(nowMs - 8_000), new Date(nowMs - 600_000), new Date(nowMs - 5_000)],
  )
  // bus-0001 reports once as Traccar Client does (OsmAnd query, speed in knots), through the listener the QR code names
  const fix = new URLSearchParams({ id: VEHICLE, lat: '31.95361', lon: '35.91056', timestamp: String(Math.floor(nowMs / 1000)), speed: '0', bearing: '90', accuracy: '8' })
  const sent = await fetch(`${stack.ingest.sourcesUrl}/?${fix}`)
  expect(sent.status).toBe(200)
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

async function signedInPage(lang: 'en' | 'ar'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Amman' })
  page.on('pageerror', (err) => {
    throw err
  })
  await page.goto(`${stack.api.url}/?lang=${lang}#/dispatch`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.click('form.login button[type="submit"]')
  await page.locator('section.sources table').waitFor({ timeout: 15_000 })
  return page
}

describe.skipIf(missing !== null)('the Sources panel and the phone set-up in headless Chromium', () => {
  it('shows a failing feed first, marked by word and sign, with its error and error rate (English and Arabic)', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const page = await signedInPage(lang)
      const failing = page.locator('section.sources tbody tr').first()
      expect(await failing.getAttribute('data-source')).toBe('zarqa-siri')
      expect(await failing.getAttribute('class')).toContain('failing')
      const cells = (await failing.locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())
      expect(cells[1]).toBe(lang === 'en' ? '✕ Failing' : '✕ متعطّلة')
      expect(cells[2]).toBe(lang === 'en' ? '10 min ago' : 'منذ 10 د')
      expect(cells[3]).toBe('25%')
      expect(cells[4]).toContain('HTTP 503 Service Unavailable')
      expect(await page.locator('section.sources .attention').textContent()).toContain('1')
      expect(await page.locator('section.sources tbody tr').nth(1).locator('td.status').textContent()).toContain(lang === 'en' ? 'OK' : 'سليمة')
      expect(await page.locator('section.sources code').last().textContent()).toBe(stack.ingest.sourcesUrl)
      await page.locator('section.sources').screenshot({ path: join(SCREENSHOTS, `dispatch-sources-${lang}.png`) })
      await page.close()
    }
  })

  it('offers a bus\'s phone set-up: a QR code of the Traccar Client link with the listener and the bus as device', async () => {
    const expected = `org.traccar.client://?id=${VEHICLE}&url=${encodeURIComponent(stack.ingest.sourcesUrl!)}&interval=10`
    // the QR code's dark modules, read from the image in the page (margin 1, as QrCode.svelte draws it)
    const modulesShown = (page: Page, size: number) => page.locator('details.phone img').evaluate(async (img: HTMLImageElement, n) => {
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const context = canvas.getContext('2d')!
      context.drawImage(img, 0, 0)
      const scale = img.naturalWidth / (n + 2)
      let bits = ''
      for (let row = 0; row < n; row++) {
        for (let col = 0; col < n; col++) bits += context.getImageData(Math.floor((col + 1.5) * scale), Math.floor((row + 1.5) * scale), 1, 1).data[0]! < 128 ? '1' : '0'
      }
      return bits
    }, size)
    const qrOf = (text: string) => {
      const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
      return { size: modules.size, bits: Array.from(modules.data, (dark) => (dark ? '1' : '0')).join('') }
    }
    const showsQrOf = async (page: Page, text: string) => {
      const { size, bits } = qrOf(text)
      await expect.poll(() => modulesShown(page, size), { timeout: 5000 }).toBe(bits)
    }
    for (const lang of ['en', 'ar'] as const) {
      const page = await signedInPage(lang)
      const row = page.locator('.fleet-table tbody tr').filter({ hasText: VEHICLE }).first()
      await row.waitFor({ timeout: 30_000 })
      await row.locator('a, button').first().click()
      await page.locator('section.vehicle-panel').waitFor()
      await page.locator('details.phone summary').click()
      const link = page.locator('details.phone input[readonly]')
      expect(await link.inputValue()).toBe(expected)
      // the QR code is exactly that link (the same encoder and options as QrCode.svelte)
      const image = page.locator('details.phone img')
      await showsQrOf(page, expected)
      expect(await image.getAttribute('alt')).toContain(VEHICLE)
      expect(await page.locator('details.phone .device').textContent()).toBe(VEHICLE)
      // production: the phone's token from npm run provision goes into the server URL, and so into the code
      await page.locator('details.phone input:not([readonly])').fill('tok/en+1')
      const withToken = `org.traccar.client://?id=${VEHICLE}&url=${encodeURIComponent(`${stack.ingest.sourcesUrl}/?token=${encodeURIComponent('tok/en+1')}`)}&interval=10`
      expect(await link.inputValue()).toBe(withToken)
      await showsQrOf(page, withToken)
      // the driver's trip page on the same listener, with the same token, answers for this bus
      const driverHref = await page.locator('details.phone a[href*="/driver?"]').getAttribute('href')
      expect(driverHref).toBe(`${stack.ingest.sourcesUrl}/driver?id=${VEHICLE}&token=tok%2Fen%2B1`)
      await page.locator('details.phone input:not([readonly])').fill('')
      await showsQrOf(page, expected)
      const driverPage = await fetch((await page.locator('details.phone a[href*="/driver?"]').getAttribute('href'))!, { headers: { 'accept-language': lang } })
      expect(driverPage.status).toBe(200)
      expect(await driverPage.text()).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`)
      await page.locator('section.vehicle-panel').screenshot({ path: join(SCREENSHOTS, `dispatch-phone-tracker-${lang}.png`) })
      await page.close()
    }
  })
})
