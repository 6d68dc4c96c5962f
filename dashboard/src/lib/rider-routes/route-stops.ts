import type { RouteInfo, RouteResponse } from '@masar/model/api/routes'

/** A route as riders call it: its number (short name), then its name where it has one ("7 · Sweileh – Downtown"). */
export function routeName(route: RouteInfo): string {
  return [route.shortName ?? route.routeId, route.longName].filter(Boolean).join(' · ')
}

/** The routes whose number or name contains the rider's words (any case), in the api's order; all for no words. */
export function filterRoutes(routes: readonly RouteInfo[], query: string): RouteInfo[] {
  const words = query.trim().toLocaleLowerCase()
  if (!words) return [...routes]
  return routes.filter((r) => [r.routeId, r.shortName, r.longName].some((s) => s?.toLocaleLowerCase().includes(words)))
}

export interface DirectionStops {
  directionId: number
  towards: string
  stops: Array<{ stopId: string; name: string; code: string | null }>
}

/** Each direction's stops in order, named from the route's GeoJSON stop features (an unknown id keeps its id). */
export function stopsByDirection(route: RouteResponse): DirectionStops[] {
  const stops = new Map<string, { name: string; code: string | null }>()
  for (const feature of route.geojson.features) {
    if (feature.properties.kind === 'stop') stops.set(feature.properties.stopId, { name: feature.properties.name, code: feature.properties.code })
  }
  return route.directions.map(({ directionId, towards, stopIds }) => ({
    directionId,
    towards,
    stops: stopIds.map((stopId) => ({ stopId, name: stops.get(stopId)?.name ?? stopId, code: stops.get(stopId)?.code ?? null })),
  }))
}
