/**
 * Masar's service worker (built to /sw.js by build/vite-plugin-web-app.ts, which fills in PRECACHE): the app shell
 * cached at install so the rider's pages open offline; what it does with each request is sw-strategy.ts's call.
 * Typed by hand (the DOM and WebWorker libraries cannot share one tsconfig).
 */
import { CACHE_PREFIX, swStrategyFor } from './sw-strategy.js'

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  request: Request
  respondWith(response: Promise<Response>): void
}
interface WorkerScope {
  location: Location
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
}

declare const __MASAR_PRECACHE__: { version: string; files: string[] }
const PRECACHE = __MASAR_PRECACHE__
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`
const worker = self as unknown as WorkerScope

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.files)).then(() => worker.skipWaiting()))
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  )
})

worker.addEventListener('fetch', (event) => {
  const request = event.request
  const strategy = swStrategyFor({ method: request.method, url: request.url, mode: request.mode }, worker.location.origin)
  if (strategy === 'shell') event.respondWith(shell(request))
  else if (strategy === 'asset') event.respondWith(asset(request))
  // 'network' and 'none': not answered here, the browser fetches as without a worker
})

async function shell(request: Request): Promise<Response> {
  try {
    const response = await fetch(request)
    if (response.ok) {
      const copy = response.clone()
      void caches.open(CACHE).then((cache) => cache.put('/', copy))
    }
    return response
  } catch (err) {
    const cached = await caches.match('/', { cacheName: CACHE, ignoreVary: true })
    if (cached) return cached
    throw err
  }
}

async function asset(request: Request): Promise<Response> {
  // ignoreVary: the api answers with `Vary: Origin` and a module script's request carries an Origin header, which
  // the precache's requests did not; the file is the same.
  const cached = await caches.match(request, { ignoreVary: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const copy = response.clone()
    void caches.open(CACHE).then((cache) => cache.put(request, copy))
  }
  return response
}
