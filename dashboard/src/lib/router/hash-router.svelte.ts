import { parseRoute, type Route } from './parse-route.js'

/** The current hash route, following the address bar (links, back and forward). */
export class HashRouter {
  route = $state.raw<Route>({ name: 'home' })
  readonly #window: Pick<Window, 'addEventListener' | 'removeEventListener' | 'location'>

  constructor(win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'location'>) {
    this.#window = win
    this.route = parseRoute(win.location.hash)
  }

  /** Listens for hash changes; the returned function stops. */
  start(): () => void {
    const onHashChange = () => (this.route = parseRoute(this.#window.location.hash))
    this.#window.addEventListener('hashchange', onHashChange)
    return () => this.#window.removeEventListener('hashchange', onHashChange)
  }
}
