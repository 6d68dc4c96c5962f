import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import { SourcesResponse } from '@masar/model/api/sources'
import type { Auth } from '../auth/auth.js'
import { readSourceHealth } from './source-health.repository.js'
import { toSourceFeeds } from './source-status.js'

/** For dispatchers: the vendor feeds' health, and where phones and Traccar send their fixes. */
export interface SourcesOptions {
  pool: pg.Pool
  auth: Auth
  now: () => number
  /** The sources listener's public URL (SOURCES_PUBLIC_URL); null when not configured. */
  publicUrl: string | null
  /** A feed without a success for longer than this is silent (SOURCES_SILENT_AFTER_S). */
  silentAfterMs: number
}

export const sourcesPlugin: FastifyPluginAsync<SourcesOptions> = async (app, options) => {
  const dispatcher = options.auth.requireRole('dispatcher', 'admin')
  app.get('/api/v1/sources', {
    preHandler: dispatcher,
    schema: { tags: ['fleet'], operationId: 'listSources', summary: 'The polled vendor feeds\' health (ok, failing, silent) and the URL phones and Traccar send to', response: { 200: SourcesResponse } },
  }, async (): Promise<SourcesResponse> => {
    const nowMs = options.now()
    return {
      at: new Date(nowMs).toISOString(),
      sourcesUrl: options.publicUrl,
      silentAfterS: Math.round(options.silentAfterMs / 1000),
      feeds: toSourceFeeds(await readSourceHealth(options.pool), nowMs, options.silentAfterMs),
    }
  })
}
