/**
 * Installs the service worker (/sw.js, present in builds only) once the page has loaded, so it never
 * competes with the first load (at once when the page has loaded already). Without support, nothing happens.
 */
export function registerServiceWorker(navigator: Navigator, window: Pick<Window, 'addEventListener'>, document: Pick<Document, 'readyState'>, scriptUrl: string): void {
  if (!('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker.register(scriptUrl, { scope: '/' }).catch(() => {
      // no worker: the app still works online
    })
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
