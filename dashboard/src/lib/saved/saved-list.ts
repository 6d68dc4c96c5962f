/**
 * The stops and routes a rider saved, kept on the device (localStorage, no account): a plain list, most recently
 * saved first, with each one's name as it was when saved so the home page can show them before the api answers.
 * Parsed at the edge: whatever the storage holds (an older version, another site's junk, nothing) becomes a valid
 * list, never an exception.
 */
export interface SavedStop {
  stopId: string
  name: string
}

export interface SavedRoute {
  routeId: string
  name: string
}

export interface SavedList {
  stops: readonly SavedStop[]
  routes: readonly SavedRoute[]
}

/** The storage key; `v1` names this shape, so a later one can read it and move on. */
export const SAVED_STORAGE_KEY = 'masar.saved.v1'
/** Enough for anyone's daily stops; the oldest go first past it, so the storage never grows without bound. */
export const MAX_SAVED = 50

export const emptySaved = (): SavedList => ({ stops: [], routes: [] })

export function parseSaved(text: string | null): SavedList {
  if (!text) return emptySaved()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return emptySaved()
  }
  if (typeof value !== 'object' || value === null) return emptySaved()
  const { stops, routes } = value as Record<string, unknown>
  return {
    stops: entriesOf(stops, 'stopId').map(({ id, name }) => ({ stopId: id, name })),
    routes: entriesOf(routes, 'routeId').map(({ id, name }) => ({ routeId: id, name })),
  }
}

export function formatSaved(saved: SavedList): string {
  return JSON.stringify({ stops: saved.stops, routes: saved.routes })
}

export const isStopSaved = (saved: SavedList, stopId: string): boolean => saved.stops.some((s) => s.stopId === stopId)
export const isRouteSaved = (saved: SavedList, routeId: string): boolean => saved.routes.some((r) => r.routeId === routeId)

/** Saves the stop (first in the list) or, when saved already, forgets it. */
export function toggleStop(saved: SavedList, stop: SavedStop): SavedList {
  return isStopSaved(saved, stop.stopId)
    ? { ...saved, stops: saved.stops.filter((s) => s.stopId !== stop.stopId) }
    : { ...saved, stops: [{ stopId: stop.stopId, name: stop.name }, ...saved.stops].slice(0, MAX_SAVED) }
}

/** Saves the route (first in the list) or, when saved already, forgets it. */
export function toggleRoute(saved: SavedList, route: SavedRoute): SavedList {
  return isRouteSaved(saved, route.routeId)
    ? { ...saved, routes: saved.routes.filter((r) => r.routeId !== route.routeId) }
    : { ...saved, routes: [{ routeId: route.routeId, name: route.name }, ...saved.routes].slice(0, MAX_SAVED) }
}

function entriesOf(value: unknown, idField: string): Array<{ id: string; name: string }> {
  if (!Array.isArray(value)) return []
  const seen = new Set<string>()
  const entries: Array<{ id: string; name: string }> = []
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue
    const record = item as Record<string, unknown>
    const id = record[idField]
    if (typeof id !== 'string' || id === '' || seen.has(id)) continue
    seen.add(id)
    entries.push({ id, name: typeof record.name === 'string' && record.name !== '' ? record.name : id })
  }
  return entries.slice(0, MAX_SAVED)
}
