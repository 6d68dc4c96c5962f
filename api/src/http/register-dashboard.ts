import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/**
 * The dashboard (dashboard/dist, built by `npm run build -w @masar/dashboard`; `npm start` builds it when missing)
 * at `/`: its hashed assets cached for a year; index.html, the service worker (/sw.js), the web app manifest and
 * the icons revalidated every time (their names do not change between releases); the build's Brotli/gzip copies
 * (dashboard's vite-plugin-precompress) sent to a browser that accepts them. Unbuilt, `/` says how to build it.
 */
export async function registerDashboard(app: FastifyInstance, dashboardDir: string): Promise<boolean> {
  if (!existsSync(join(dashboardDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The dashboard is not built (${dashboardDir}): run npm run build -w @masar/dashboard, or npm start.\n`))
    return false
  }
  await app.register(fastifyStatic, {
    root: dashboardDir, prefix: '/', index: ['index.html'], wildcard: false, schemaHide: true, cacheControl: false, preCompressed: true,
    setHeaders: (res, path) => {
      // path is the file sent: /assets/x.js.br is still a hashed asset
      res.setHeader('cache-control', isHashedAsset(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      res.setHeader('vary', 'accept-encoding')
    },
  })
  return true
}

/** Files of dist/assets/ carry their content's hash in their name; nothing else does. */
function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/]/.test(path)
}
