import { execSync } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'

/**
 * npm run bench:dashboard — in headless Chromium (Debian's, WebGL on SwiftShader):
 * (1) the dispatch map with 10,000 simulated buses in the dashboard's own GeoJSON source and layers, all moved
 *     every 250 ms: frames per second and update-to-frame latency; side by side with 1,000 DOM markers moved the
 *     same way (what the dashboard never does) and 1,000 buses in the source;
 * (2) the rider page's first load: the JavaScript it fetches, gzipped (target < 300 KB).
 */
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

async function mapRun(browser: Browser, url: string, mode: 'geojson' | 'markers', vehicles: number, diff = true) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(`${url}/index.html?mode=${mode}&vehicles=${vehicles}&seconds=10&updateMs=250&reportEveryMs=10000&diff=${diff ? 1 : 0}`)
  await page.waitForFunction(() => window.__benchResult !== undefined, undefined, { timeout: 180_000 })
  const result = (await page.evaluate(() => window.__benchResult))!
  await page.close()
  return result
}

async function riderFirstLoad(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
  const scripts: string[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname)
  })
  await page.goto(`${url}/`, { waitUntil: 'networkidle' })
  await page.close()
  let gzipBytes = 0
  for (const script of scripts) gzipBytes += gzipSync(await readFile(join(DASHBOARD, 'dist', script))).length
  return { scripts: scripts.length, gzipKb: gzipBytes / 1024 }
}

async function main(): Promise<void> {
  console.log('building the dashboard and the benchmark page…')
  execSync('npx vite build --logLevel warn', { cwd: DASHBOARD, stdio: 'inherit' })
  execSync('npx vite build --config bench/vite.bench.config.ts', { cwd: DASHBOARD, stdio: 'inherit' })
  const bench = await serve(join(DASHBOARD, 'bench-dist'))
  const app = await serve(join(DASHBOARD, 'dist'))
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const runs = []
    for (const [mode, vehicles] of [['geojson', 10_000], ['geojson', 1_000], ['markers', 1_000]] as const) runs.push(await mapRun(browser, bench.url, mode, vehicles))
    console.log('\nthe dispatch map, every bus moved every 250 ms for 10 s (a 700×480 map, as in the dispatch page; SwiftShader WebGL, this 2-core machine)')
    console.log('how                        buses    fps   update→frame p50   p95')
    for (const r of runs) console.log(`${(r.mode === 'geojson' ? 'one GeoJSON source' : 'a DOM marker per bus').padEnd(26)} ${String(r.vehicles).padStart(6)}  ${r.fps.toFixed(1).padStart(5)}   ${r.updateToFrameMsP50.toFixed(0).padStart(10)} ms  ${r.updateToFrameMsP95.toFixed(0).padStart(4)} ms`)
    const [big, , markers] = runs
    console.log(`\n10,000 buses in one source: ${big!.fps.toFixed(1)} fps (target ≥ 30: ${big!.fps >= 30 ? 'met' : 'NOT met'}); ${(big!.fps / markers!.fps).toFixed(1)}× the frame rate of 1,000 DOM markers`)
    const rider = await riderFirstLoad(browser, app.url)
    console.log(`rider page first load: ${rider.scripts} scripts, ${rider.gzipKb.toFixed(1)} KB of JavaScript gzipped (target < 300 KB: ${rider.gzipKb < 300 ? 'met' : 'NOT met'})`)
  } finally {
    await browser.close()
    bench.server.close()
    app.server.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
