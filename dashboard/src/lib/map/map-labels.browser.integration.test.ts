import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapGlyphs } from './build/vite-plugin-map-glyphs.js'
import { rtlTextPluginFile } from './build/vite-plugin-rtl-text.js'
import { GLYPHS_DIR, LABEL_FONT_STACK } from './map-font.js'
import { LABELLED_STOPS, type LabelLang } from './map-labels.test-fixture.js'
import { ROUTE_STOP_LABEL_LAYER } from './overlay-layers.js'

/**
 * Map labels in real headless Chromium (Debian's, WebGL on SwiftShader): the test page (map-labels.test-page.ts:
 * the dispatch map's style, layers and RTL text plugin) built with the dashboard's own Vite plugins and served from
 * 127.0.0.1, every request outside it refused and recorded. Screenshots under dashboard/test-output/.
 */
const CHROMIUM = '/usr/bin/chromium'
const MAP_DIR = fileURLToPath(new URL('.', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('../../../test-output', import.meta.url))
const PAGE = 'map-labels.test-page.html'

const missing = existsSync(CHROMIUM) ? null : `SKIPPED: no ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
if (missing) console.warn(missing)

let outDir: string
let server: Server
let origin: string
let browser: Browser

function serve(root: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const file = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)))
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file')
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream'
      response.writeHead(200, { 'content-type': type }).end(await readFile(file))
    } catch {
      response.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  if (missing) return
  outDir = await mkdtemp(join(tmpdir(), 'masar-map-labels-'))
  await build({
    root: MAP_DIR, configFile: false, logLevel: 'warn', base: '/', plugins: [rtlTextPluginFile(), mapGlyphs()],
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000, rollupOptions: { input: join(MAP_DIR, PAGE) } },
  })
  server = await serve(outDir)
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  await mkdir(SCREENSHOTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  server?.close()
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

interface PageRun {
  /** Every URL the page, its map's worker included, asked for, with the status it got. */
  responses: Array<{ url: string; status: number }>
  refused: string[]
  rtlStatus: string
  labels: string[]
  glyphBytes: number
}

async function showMap(lang: LabelLang): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 900, height: 520 }, deviceScaleFactor: 2 })
  const refused: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`${origin}/`)) return route.continue()
    refused.push(url)
    return route.abort('blockedbyclient')
  })
  const responses: PageRun['responses'] = []
  let glyphBytes = 0
  context.on('response', (response) => {
    responses.push({ url: response.url(), status: response.status() })
    if (response.url().endsWith('.pbf')) void response.body().then((body) => (glyphBytes += body.length), () => {})
  })
  try {
    const page = await context.newPage()
    await page.goto(`${origin}/${PAGE}?lang=${lang}`)
    const expected = LABELLED_STOPS.length
    // Labels are placed once their glyphs (and, for Arabic, the RTL plugin) are in: wait for all of them, or time out.
    await page.waitForFunction(
      ({ layer, count }) => {
        const map = window.__masarMap
        return !!map && map.loaded() && map.queryRenderedFeatures({ layers: [layer] }).length >= count
      },
      { layer: ROUTE_STOP_LABEL_LAYER, count: expected }, { timeout: 60_000, polling: 250 },
    ).catch(() => {})
    await page.screenshot({ path: join(SCREENSHOTS, `map-labels-${lang}.png`) })
    // and close up on one stop's name, to read its letters
    const stop = LABELLED_STOPS[1]
    const at = await page.evaluate(([lon, lat]) => window.__masarMap?.project([lon, lat]) ?? { x: 0, y: 0 }, [stop.lon, stop.lat] as [number, number])
    await page.screenshot({ path: join(SCREENSHOTS, `map-labels-${lang}-close.png`), clip: { x: Math.max(0, at.x - 110), y: Math.max(0, at.y - 30), width: 220, height: 80 } })
    const { rtlStatus, labels } = await page.evaluate((layer) => ({
      rtlStatus: window.__masarRtlTextPluginStatus?.() ?? 'no page',
      labels: (window.__masarMap?.queryRenderedFeatures({ layers: [layer] }) ?? []).map((f) => String(f.properties.name)),
    }), ROUTE_STOP_LABEL_LAYER)
    return { responses, refused, rtlStatus, labels: [...new Set(labels)].sort(), glyphBytes }
  } finally {
    await context.close()
  }
}

const glyphRange = (url: string) => new URL(url).pathname.startsWith(`/${GLYPHS_DIR}/${LABEL_FONT_STACK}/`) ? new URL(url).pathname.split('/').at(-1)! : null

describe.skipIf(missing)('map labels in Chromium', () => {
  it('names the stops in Arabic, joined and right to left, with the RTL plugin and glyphs from the same origin', async () => {
    const run = await showMap('ar')
    console.log(`Arabic labels: ${run.labels.join(' · ')}; RTL plugin ${run.rtlStatus}; ${(run.glyphBytes / 1024).toFixed(0)} KB of glyphs`)
    expect(run.refused).toEqual([])
    expect(run.responses.every((r) => r.url.startsWith(`${origin}/`))).toBe(true)
    expect(run.labels).toEqual(LABELLED_STOPS.map((s) => s.ar).sort())
    expect(run.rtlStatus).toBe('loaded')
    const plugin = run.responses.filter((r) => /\/assets\/mapbox-gl-rtl-text[^/]*\.js$/.test(r.url))
    expect(plugin.map((r) => r.status)).toEqual([200])
    const glyphs = run.responses.filter((r) => glyphRange(r.url))
    expect(glyphs.length).toBeGreaterThan(0)
    expect(glyphs.every((r) => r.status === 200)).toBe(true)
    // The plugin shaped the names: the glyphs drawn are the letters' joined forms (Arabic Presentation Forms-B).
    expect(glyphs.map((r) => glyphRange(r.url))).toContain('65024-65279.pbf')
  })

  it('names the stops in English from the same glyphs, without fetching the RTL plugin', async () => {
    const run = await showMap('en')
    console.log(`English labels: ${run.labels.join(' · ')}; RTL plugin ${run.rtlStatus}; ${(run.glyphBytes / 1024).toFixed(0)} KB of glyphs`)
    expect(run.refused).toEqual([])
    expect(run.labels).toEqual(LABELLED_STOPS.map((s) => s.en).sort())
    expect(run.rtlStatus).toBe('deferred')
    expect(run.responses.some((r) => r.url.includes('mapbox-gl-rtl-text'))).toBe(false)
    const glyphs = run.responses.filter((r) => glyphRange(r.url))
    expect(glyphs.map((r) => [glyphRange(r.url), r.status])).toEqual([['0-255.pbf', 200]])
  })
})
