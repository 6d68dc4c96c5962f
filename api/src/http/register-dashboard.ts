import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/**
 * The dashboard (dashboard/dist, built by `npm run build -w @masar/dashboard`; `npm start` builds it when missing)
 * at `/`: its hashed assets cached for a year, index.html revalidated every time; the build's Brotli/gzip copies
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
      // path is the file sent: index.html.br is still index.html
      res.setHeader('cache-control', /index\.html(\.br|\.gz)?$/.test(path) ? 'no-cache' : 'public, max-age=31536000, immutable')
      res.setHeader('vary', 'accept-encoding')
    },
  })
  return true
}
