import { getContext, setContext } from 'svelte'
import { isRouteSaved, isStopSaved, toggleRoute, toggleStop, type SavedList, type SavedRoute, type SavedStop } from './saved-list.js'
import { readSaved, writeSaved, type SavedStorage } from './saved-storage.js'

/** The rider's saved stops and routes as state the pages read and toggle; each change is written through at once. */
export class SavedPlaces {
  list = $state.raw<SavedList>({ stops: [], routes: [] })
  readonly #storage: SavedStorage

  constructor(storage: SavedStorage) {
    this.#storage = storage
    this.list = readSaved(storage)
  }

  hasStop = (stopId: string): boolean => isStopSaved(this.list, stopId)
  hasRoute = (routeId: string): boolean => isRouteSaved(this.list, routeId)

  toggleStop(stop: SavedStop): void {
    this.list = toggleStop(this.list, stop)
    writeSaved(this.#storage, this.list)
  }

  toggleRoute(route: SavedRoute): void {
    this.list = toggleRoute(this.list, route)
    writeSaved(this.#storage, this.list)
  }
}

const KEY = Symbol('saved-places')
export const setSavedPlaces = (saved: SavedPlaces): SavedPlaces => setContext(KEY, saved)
export const getSavedPlaces = (): SavedPlaces => getContext<SavedPlaces>(KEY)
