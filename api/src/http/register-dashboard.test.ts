import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { registerDashboard } from './register-dashboard.js'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('the dashboard served at /', () => {
  it('serves the built app: index.html, the worker and the manifest revalidated, hashed assets cached for a year, the api untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-dashboard-'))
    dirs.push(dir)
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><html lang="ar" dir="rtl"><title>مسار</title></html>')
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
    await writeFile(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"مسار"}')
    await mkdir(join(dir, 'icons'))
    await writeFile(join(dir, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const app = Fastify()
    app.get('/api/v1/ping', async () => ({ ok: true }))
    expect(await registerDashboard(app, dir)).toBe(true)
    const index = await app.inject('/')
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.body).toContain('dir="rtl"')
    const asset = await app.inject('/assets/index-abc123.js')
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await app.inject('/api/v1/ping')).json()).toEqual({ ok: true })
    // the installable app: its worker and manifest with their media types, revalidated (their names never change)
    const worker = await app.inject('/sw.js')
    expect(worker.statusCode).toBe(200)
    expect(worker.headers['content-type']).toMatch(/^(text|application)\/javascript/)
    expect(worker.headers['cache-control']).toBe('no-cache')
    const manifest = await app.inject('/manifest.webmanifest')
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/)
    expect(manifest.headers['cache-control']).toBe('no-cache')
    expect((await app.inject('/icons/icon-192.png')).headers['content-type']).toBe('image/png')
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404)
    await app.close()
  })

  it('sends the build\'s Brotli or gzip copy to a browser that accepts it, the plain file to one that does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'masar-dashboard-'))
    dirs.push(dir)
    await mkdir(join(dir, 'assets'))
    const html = `<!doctype html><html lang="ar" dir="rtl"><title>مسار</title>${'<p>العبدلي</p>'.repeat(200)}</html>`
    const script = `export const a = ${JSON.stringify('x'.repeat(5000))}`
    await writeFile(join(dir, 'index.html'), html)
    await writeFile(join(dir, 'index.html.br'), brotliCompressSync(html))
    await writeFile(join(dir, 'index.html.gz'), gzipSync(html))
    await writeFile(join(dir, 'assets', 'index-abc123.js'), script)
    await writeFile(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script))
    await writeFile(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script))
    const app = Fastify()
    await registerDashboard(app, dir)
    const index = await app.inject({ url: '/', headers: { 'accept-encoding': 'br, gzip' } })
    expect(index.headers['content-encoding']).toBe('br')
    expect(index.headers['cache-control']).toBe('no-cache') // still index.html: revalidated
    expect(index.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(index.rawPayload).toString()).toBe(html)
    const asset = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } })
    expect(asset.headers['content-encoding']).toBe('gzip')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
    await app.close()
  })

  it('says how to build it when it is not built', async () => {
    const app = Fastify()
    expect(await registerDashboard(app, join(tmpdir(), 'masar-no-such-dashboard'))).toBe(false)
    const response = await app.inject('/')
    expect(response.statusCode).toBe(503)
    expect(response.body).toMatch(/npm run build -w @masar\/dashboard/)
    await app.close()
  })
})
