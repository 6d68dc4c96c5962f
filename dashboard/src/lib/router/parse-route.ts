/**
 * The hash routes: `#/` the rider's search, `#/stops/:id` a stop's arrivals, `#/dispatch` the dispatchers' view.
 * Hash routing keeps the api's static serving trivial (one index.html) and a stop's address shareable (its QR code).
 */
export type Route =
  | { name: 'home' }
  | { name: 'stop'; stopId: string }
  | { name: 'dispatch' }
  | { name: 'not-found'; path: string }
  // alerts, open data, stop sheet, trip
  | { name: 'dispatch-alerts' }
  | { name: 'open-data' }
  | { name: 'stop-sheet'; stopId: string }
  | { name: 'trip'; tripId: string }
  // the rider's routes
  | { name: 'routes' }
  | { name: 'route'; routeId: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0]!.replace(/\/+$/, '')
  if (path === '') return { name: 'home' }
  if (path === '/dispatch') return { name: 'dispatch' }
  // alerts, open data, stop sheet, trip
  if (path === '/dispatch/alerts') return { name: 'dispatch-alerts' }
  if (path === '/open-data') return { name: 'open-data' }
  // the rider's routes
  if (path === '/routes') return { name: 'routes' }
  const riderRoute = /^\/routes\/([^/]+)$/.exec(path)
  if (riderRoute) return decoded(riderRoute[1]!, path, (routeId) => ({ name: 'route', routeId }))
  const sheet = /^\/stops\/([^/]+)\/sheet$/.exec(path)
  if (sheet) return decoded(sheet[1]!, path, (stopId) => ({ name: 'stop-sheet', stopId }))
  const trip = /^\/trips\/([^/]+)$/.exec(path)
  if (trip) return decoded(trip[1]!, path, (tripId) => ({ name: 'trip', tripId }))
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

function decoded(segment: string, path: string, route: (id: string) => Route): Route {
  try {
    return route(decodeURIComponent(segment))
  } catch {
    return { name: 'not-found', path }
  }
}

export function stopSheetHref(stopId: string): string {
  return `${stopHref(stopId)}/sheet`
}

export function routeHref(routeId: string): string {
  return `#/routes/${encodeURIComponent(routeId)}`
}
