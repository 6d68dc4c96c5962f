/**
 * What the service worker (service-worker.ts) does with each request, decided here so it can be tested:
 * - `shell`: a page navigation. Network first (a new release shows at once); offline, the cached app shell.
 * - `asset`: the app's own built files (hashed, immutable) and its icons: from the cache, else fetched and cached.
 * - `network`: the api and the live stream. Never answered from the worker's cache: a cached answer would look live.
 *   The pages keep the last data they saw themselves and say how old it is (offline/last-arrivals.ts).
 * - `none`: everything else (other origins, non-GET, the basemap's tiles) goes to the network as if there were no worker.
 */
export type SwStrategy = 'shell' | 'asset' | 'network' | 'none'

export interface SwRequest {
  method: string
  url: string
  mode: string
}

export const CACHE_PREFIX = 'masar-shell-'

const ASSET_PATHS = [/^\/assets\//, /^\/icons\//, /^\/manifest\.webmanifest$/]

export function swStrategyFor(request: SwRequest, origin: string): SwStrategy {
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== origin) return 'none'
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/gtfs')) return 'network'
  if (request.mode === 'navigate') return 'shell'
  if (ASSET_PATHS.some((path) => path.test(url.pathname))) return 'asset'
  return 'none'
}

/** The files a new version of the worker caches when installed: the shell and its scripts, not MapLibre (fetched when a map is shown). */
export function precacheList(bundleFiles: readonly string[]): string[] {
  const wanted = bundleFiles.filter((file) => /^assets\/.*\.(js|css)$/.test(file) && !/maplibre|mapbox-gl-rtl-text/.test(file))
  return ['/', ...wanted.map((file) => `/${file}`).sort()]
}
