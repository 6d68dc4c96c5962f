import type { Stack } from '@masar/local/start-stack'
import type { Browser } from 'playwright-core'
import { chromiumMissing, launchChromium, startBrowserTestStack, type BrowserTestStack } from './testing/browser-stack.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The dashboard under the api's Content-Security-Policy (api/src/http/security-headers.ts) in headless Chromium:
 * the dispatch page signs in, draws a route on the map and its stops' Arabic labels (MapLibre's blob: worker, the
 * RTL text plugin's WebAssembly), keeps the live WebSocket; the API docs render too. The browser reports no
 * violation of the policy, and no other console error.
 */
const ADMIN_PASSWORD = 'csp-test-password'

const missing = chromiumMissing
if (missing) console.warn(missing)

let stack: Stack
let demo: BrowserTestStack | undefined
let browser: Browser

beforeAll(async () => {
  if (missing) return
  demo = await startBrowserTestStack({ name: 'csp', agencyId: `csp${process.pid}`, simulator: false, adminPassword: ADMIN_PASSWORD })
  stack = demo.stack
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await demo?.stop()
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
