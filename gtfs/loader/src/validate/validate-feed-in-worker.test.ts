import { fileURLToPath } from 'node:url'
import { DEFAULT_GTFS_LIMITS } from '../read/gtfs-limits.js'
import { describe, expect, it } from 'vitest'
import { openFeedSource, type FeedSource } from '../read/feed-source.js'
import { validateFeed } from './validate-feed.js'
import { validateFeedInWorker } from './validate-feed-in-worker.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

async function withSource<T>(path: string, use: (source: FeedSource) => Promise<T>): Promise<T> {
  const source = await openFeedSource(path)
  try {
    return await use(source)
  } finally {
    await source.close()
  }
}

describe('validateFeedInWorker', () => {
  it.each(['valid-minimal', 'bad-rows'])('gives the report validateFeed gives, from a worker thread (fixtures/%s)', async (name) => {
    const here = await withSource(fixture(name), validateFeed)
    const there = await withSource(fixture(name), validateFeedInWorker)
    expect(there).toEqual(here)
  }, 30_000)

  it('passes on the reason a feed cannot be read, with its code', async () => {
    const source = { name: fixture('no-such-feed'), limits: DEFAULT_GTFS_LIMITS, fileNames: () => [], open: () => Promise.reject(new Error('unused')), sizeOf: async () => 0, close: async () => {} }
    await expect(validateFeedInWorker(source)).rejects.toMatchObject({ code: 'GTFS_NOT_FOUND', message: expect.stringContaining('No GTFS feed at') })
  }, 30_000)
})
