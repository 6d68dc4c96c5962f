import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadLocalConfig } from '@masar/local/config'
import { startStack } from '@masar/local/start-stack'
import lighthouse from 'lighthouse'
import pino from 'pino'
import { chromium } from 'playwright-core'

/**
 * Lighthouse 12.2.3 (its default: the mobile profile — a mid-range phone's screen, 4× CPU slowdown and a slow 4G
 * network, simulated) on the rider's home and stop pages, served by the api of the embedded stack with the demo feed
 * and its simulated buses, in the local Chromium (started by playwright with a remote-debugging port that Lighthouse
 * connects to). Target ≥ 90 for performance, accessibility, best practices and SEO.
 */
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const TARGET = 90
const SEARCH = 'العبدلي' // a stop of the demo feed

export interface LighthouseRun {
  page: string
  scores: Record<(typeof CATEGORIES)[number], number>
  /** The audits that cost points, for the next fix. */
  failing: string[]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export async function runLighthouse(): Promise<LighthouseRun[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-lighthouse-'))
  const env: Record<string, string | undefined> = {
    MASAR_DATA_DIR: dataDir, EMBEDDED_DB_PORT: '0', EMBEDDED_MQTT_PORT: '0', INGEST_HTTP_PORT: '0', SOURCES_HTTP_PORT: '0', API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn',
    MASAR_SIMULATOR: 'true', API_ADMIN_PASSWORD: 'lighthouse-bench',
  }
  const stack = await startStack({ config: loadLocalConfig(env), env, logger: pino({ level: 'warn' }) })
  const port = await freePort()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [`--remote-debugging-port=${port}`, '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const found = (await (await fetch(`${stack.api.url}/api/v1/stops?${new URLSearchParams({ q: SEARCH, lang: 'ar' })}`)).json()) as { stops: Array<{ stopId: string }> }
    const stopId = found.stops[0]?.stopId
    if (!stopId) throw new Error(`the demo feed has no stop found by "${SEARCH}"`)
    const pages = [
      { page: 'rider home', url: `${stack.api.url}/` },
      { page: 'rider stop', url: `${stack.api.url}/#/stops/${encodeURIComponent(stopId)}` },
    ]
    const runs: LighthouseRun[] = []
    for (const { page, url } of pages) {
      const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] })
      if (!result) throw new Error(`Lighthouse gave no result for ${url}`)
      const { lhr } = result
      const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as LighthouseRun['scores']
      const failing = Object.values(lhr.audits)
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual')
        .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`)
      // what moved, when the page shifted: the elements Lighthouse names, for the next fix
      const shifts = (lhr.audits['layout-shifts']?.details as { items?: Array<{ node?: { selector?: string; nodeLabel?: string }; score?: number }> } | undefined)?.items ?? []
      for (const shift of shifts) failing.push(`shifted ${shift.node?.selector ?? '?'} "${(shift.node?.nodeLabel ?? '').slice(0, 40)}" ${shift.score?.toFixed(3) ?? ''}`)
      runs.push({ page, scores, failing })
    }
    return runs
  } finally {
    await browser.close()
    await stack.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export function printLighthouse(runs: LighthouseRun[]): void {
  console.log(`\nLighthouse 12.2.3, mobile profile (simulated slow 4G, 4× CPU slowdown), local Chromium on SwiftShader, this shared 2-core machine; target ≥ ${TARGET} each`)
  console.log(`page          ${CATEGORIES.map((c) => c.padStart(15)).join('')}`)
  for (const run of runs) {
    console.log(`${run.page.padEnd(12)}  ${CATEGORIES.map((c) => `${run.scores[c]} ${run.scores[c] >= TARGET ? 'met' : 'MISSED'}`.padStart(15)).join('')}`)
    if (run.failing.length) console.log(`  below 0.9: ${run.failing.join(', ')}`)
  }
}
