import type { Place } from './around-place.js'

/**
 * The rider's place, asked for politely: the home page locates the rider by itself only when the browser says the
 * rider already allowed it (the Permissions API's 'granted'); otherwise it shows the city and a button, and the
 * browser's prompt appears only when the rider presses it. Nothing waits on the answer.
 */
export type LocateFailure = 'unsupported' | 'denied' | 'failed'
export type LocateResult = { ok: true; place: Place } | { ok: false; reason: LocateFailure }

export async function isLocationGranted(permissions: Pick<Permissions, 'query'> | undefined): Promise<boolean> {
  try {
    return (await permissions?.query({ name: 'geolocation' }))?.state === 'granted'
  } catch {
    return false
  }
}

export function locate(geolocation: Pick<Geolocation, 'getCurrentPosition'> | null, timeoutMs = 15_000): Promise<LocateResult> {
  if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' })
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (position) => resolve({ ok: true, place: { lat: position.coords.latitude, lon: position.coords.longitude } }),
      (error) => resolve({ ok: false, reason: error.code === error.PERMISSION_DENIED ? 'denied' : 'failed' }),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
    )
  })
}
