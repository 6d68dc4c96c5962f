/**
 * Installs the service worker (/sw.js, present in production builds only) once the page has loaded, so it never
 * competes with the first load. Without support (or on plain http other than localhost) nothing happens.
 */
export function registerServiceWorker(navigator: Navigator, window: Pick<Window, 'addEventListener'>): void {
  if (!('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // no worker: the app still works online
    })
  })
}
