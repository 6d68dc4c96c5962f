/**
 * The hash routes: `#/` the rider's search, `#/stops/:id` a stop's arrivals, `#/dispatch` the dispatchers' view.
 * Hash routing keeps the api's static serving trivial (one index.html) and a stop's address shareable (its QR code).
 */
export type Route =
  | { name: 'home' }
  | { name: 'stop'; stopId: string }
  | { name: 'dispatch' }
  | { name: 'not-found'; path: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0]!.replace(/\/+$/, '')
  if (path === '') return { name: 'home' }
  if (path === '/dispatch') return { name: 'dispatch' }
  const stop = /^\/stops\/([^/]+)$/.exec(path)
  if (stop) {
    try {
      return { name: 'stop', stopId: decodeURIComponent(stop[1]!) }
    } catch {
      return { name: 'not-found', path }
    }
  }
  return { name: 'not-found', path }
}

export function stopHref(stopId: string): string {
  return `#/stops/${encodeURIComponent(stopId)}`
}
