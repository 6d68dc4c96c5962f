import { execSync } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import type { BenchResult } from './map-bench.js'
import { printLighthouse, runLighthouse } from './lighthouse-bench.js'
import { cpuMsOfDescendants, cpuMsUsed, type CpuByProcess } from './process-cpu.js'

/**
 * npm run bench:dashboard — in headless Chromium (Debian's, WebGL on SwiftShader):
 * (1) the dispatch map with 10,000 simulated buses reporting every 10 s on average, applied in 250 ms batches
 *     through the live fleet's code into the dashboard's own map options, source, layers and updater: frames per
 *     second, map redraws, update-to-frame latency and the CPU a batch costs (Chromium's processes, from /proc) at
 *     city zoom and at street zoom (buses gliding), side by side
 *     with the map as it was before (setData of the whole fleet), 1,000 buses, and 1,000 DOM markers (never used);
 * (2) the rider page's first load: the JavaScript it fetches, gzipped (target ≤ 50 KB, issue #20: the map loaded
 *     only when shown);
 * (3) Lighthouse on the rider's home and stop pages (lighthouse-bench.ts), mobile profile (target ≥ 90 each).
 * BENCH_PARTS (default 123) runs a subset, e.g. BENCH_PARTS=3 for Lighthouse alone.
 */
const parts = process.env.BENCH_PARTS ?? '123'
const DASHBOARD = fileURLToPath(new URL('..', import.meta.url))
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' }

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)))
    const file = path.endsWith('/') ? join(path, 'index.html') : path
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file')
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file))
    } catch {
      response.writeHead(request.url?.startsWith('/api/') ? 503 : 404).end()
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })))
}

type MapRun = { variant: BenchResult['variant']; vehicles: number; zoom: number; label: string }
const CITY_ZOOM = 11
const STREET_ZOOM = 14.5
const MAP_RUNS: MapRun[] = [
  { variant: 'before', vehicles: 10_000, zoom: CITY_ZOOM, label: 'before: setData, circles' },
  { variant: 'now', vehicles: 10_000, zoom: CITY_ZOOM, label: 'now: diffs, dots' },
  { variant: 'before', vehicles: 10_000, zoom: STREET_ZOOM, label: 'before: setData, arrows' },
  { variant: 'now', vehicles: 10_000, zoom: STREET_ZOOM, label: 'now: diffs, arrows, glides' },
  { variant: 'now', vehicles: 1_000, zoom: CITY_ZOOM, label: 'now: diffs, dots' },
  { variant: 'markers', vehicles: 1_000, zoom: CITY_ZOOM, label: 'a DOM marker per bus' },
]

async function mapRun(browser: Browser, url: string, run: MapRun): Promise<BenchResult & { cpu: CpuByProcess }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(`${url}/index.html?variant=${run.variant}&vehicles=${run.vehicles}&zoom=${run.zoom}&seconds=10&updateMs=250&reportEveryMs=10000`)
  await page.waitForFunction(() => window.__benchStarted === true, undefined, { timeout: 120_000 })
  const cpuBefore = cpuMsOfDescendants()
  await page.waitForFunction(() => window.__benchResult !== undefined, undefined, { timeout: 180_000 })
  // the CPU the whole run took (its batches, and catching up with them), not a rate: a busy machine slows a run
  // down but does not make its work smaller
  const cpu = cpuMsUsed(cpuBefore, cpuMsOfDescendants())
  const result = (await page.evaluate(() => window.__benchResult))!
  await page.close()
  return { ...result, cpu }
}

/** Issue #20: a cheap phone on 3G opens the rider's pages with at most this much JavaScript (gzipped), the map not counted. */
const RIDER_FIRST_LOAD_TARGET_KB = 50

/** The map's own chunks: MapLibre, the map loader (pmtiles), the RTL text plugin and the maps; fetched after the page shows. */
const MAP_CHUNK = /\/(maplibre-gl|load-maplibre|mapbox-gl-rtl-text|NearbyMap|BusesMap)-[^/]*\.js$/

/** The rider's home page: the JavaScript it fetches, gzipped, without the map (fetched when shown) and with it. */
async function riderFirstLoad(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
  const scripts: string[] = []
  page.on('response', (response) => {
    const address = new URL(response.url())
    // the map's workers are blob: URLs made from chunks already counted
    if (response.request().resourceType() === 'script' && address.protocol.startsWith('http')) scripts.push(address.pathname)
  })
  await page.goto(`${url}/`, { waitUntil: 'networkidle' })
  await page.close()
  const sizes = await Promise.all(scripts.map(async (script) => ({ script, gzip: gzipSync(await readFile(join(DASHBOARD, 'dist', script))).length })))
  const withoutMap = sizes.filter(({ script }) => !MAP_CHUNK.test(script))
  const kb = (list: typeof sizes) => list.reduce((sum, { gzip }) => sum + gzip, 0) / 1024
  return { scripts: withoutMap.length, gzipKb: kb(withoutMap), withMapKb: kb(sizes) }
}

async function main(): Promise<void> {
  console.log('building the dashboard and the benchmark page…')
  execSync('npx vite build --logLevel warn', { cwd: DASHBOARD, stdio: 'inherit' })
  if (parts.includes('1')) execSync('npx vite build --config bench/vite.bench.config.ts', { cwd: DASHBOARD, stdio: 'inherit' })
  const bench = await serve(join(DASHBOARD, parts.includes('1') ? 'bench-dist' : 'dist'))
  const app = await serve(join(DASHBOARD, 'dist'))
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    if (parts.includes('1')) await mapBench(browser, bench.url)
    if (parts.includes('2')) {
      const rider = await riderFirstLoad(browser, app.url)
      console.log(`rider home first load without the map: ${rider.scripts} scripts, ${rider.gzipKb.toFixed(1)} KB of JavaScript gzipped (target ≤ 50 KB: ${rider.gzipKb <= RIDER_FIRST_LOAD_TARGET_KB ? 'met' : 'NOT met'}); with the map, fetched once it is shown: ${rider.withMapKb.toFixed(1)} KB`)
    }
  } finally {
    await browser.close()
    bench.server.close()
    app.server.close()
  }
  if (parts.includes('3')) printLighthouse(await runLighthouse())
}

async function mapBench(browser: Browser, url: string): Promise<void> {
  const runs: Array<MapRun & { result: BenchResult & { cpu: CpuByProcess } }> = []
  for (const run of MAP_RUNS) runs.push({ ...run, result: await mapRun(browser, url, run) })
  console.log('\nthe dispatch map: buses reporting every 10 s on average, applied in 250 ms batches, 10 s a run (a 700×480 map, as in the dispatch page; SwiftShader WebGL, this 2-core machine)')
  console.log('how                          zoom   buses    fps  map redraws/s  update→frame p50    p95  gliding  CPU ms per batch: page  GPU')
  for (const { label, zoom, result: r } of runs) {
    const perBatch = (type: string) => ((r.cpu[type] ?? 0) / r.updates).toFixed(0)
    console.log(`${label.padEnd(28)} ${zoom.toFixed(1).padStart(5)}  ${String(r.vehicles).padStart(6)}  ${r.fps.toFixed(1).padStart(5)}  ${r.mapRendersPerS.toFixed(1).padStart(13)}  ${r.updateToFrameMsP50.toFixed(0).padStart(13)} ms  ${r.updateToFrameMsP95.toFixed(0).padStart(5)} ms  ${r.glidingAvg.toFixed(0).padStart(7)}  ${perBatch('renderer').padStart(22)}  ${perBatch('gpu-process').padStart(4)}`)
  }
  const fpsOf = (variant: string, vehicles: number, zoom: number) => runs.find((r) => r.variant === variant && r.vehicles === vehicles && r.zoom === zoom)!.result.fps
  const cityNow = fpsOf('now', 10_000, CITY_ZOOM)
  const streetNow = fpsOf('now', 10_000, STREET_ZOOM)
  console.log(`\n10,000 buses, city zoom: ${cityNow.toFixed(1)} fps, ${(cityNow / fpsOf('before', 10_000, CITY_ZOOM)).toFixed(2)}× before; street zoom with motion: ${streetNow.toFixed(1)} fps, ${(streetNow / fpsOf('before', 10_000, STREET_ZOOM)).toFixed(2)}× before`)
  console.log(`target ≥ 30 fps with 10,000 buses: ${Math.min(cityNow, streetNow) >= 30 ? 'met' : 'NOT met'} (city ${cityNow.toFixed(1)}, street ${streetNow.toFixed(1)}); 1,000 DOM markers: ${fpsOf('markers', 1_000, CITY_ZOOM).toFixed(1)} fps`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
