import { describe, expect, it } from 'vitest'
import { isLocationGranted, locate } from './rider-location.js'

const permissions = (state: PermissionState | Error) => ({
  query: async () => {
    if (state instanceof Error) throw state
    return { state } as PermissionStatus
  },
})
const geolocation = (answer: { lat: number; lon: number } | { code: number }) => ({
  getCurrentPosition: (ok: PositionCallback, fail?: PositionErrorCallback | null) => {
    if ('code' in answer) fail?.({ code: answer.code, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: '' } as GeolocationPositionError)
    else ok({ coords: { latitude: answer.lat, longitude: answer.lon } } as GeolocationPosition)
  },
})

describe('the rider\'s location', () => {
  it('is looked up by itself only when the rider already allowed it', async () => {
    expect(await isLocationGranted(permissions('granted'))).toBe(true)
    expect(await isLocationGranted(permissions('prompt'))).toBe(false)
    expect(await isLocationGranted(permissions('denied'))).toBe(false)
    expect(await isLocationGranted(permissions(new TypeError('geolocation not a permission name here')))).toBe(false)
    expect(await isLocationGranted(undefined)).toBe(false)
  })

  it('is the place the browser gives, or why not', async () => {
    expect(await locate(geolocation({ lat: 31.95, lon: 35.91 }))).toEqual({ ok: true, place: { lat: 31.95, lon: 35.91 } })
    expect(await locate(geolocation({ code: 1 }))).toEqual({ ok: false, reason: 'denied' })
    expect(await locate(geolocation({ code: 3 }))).toEqual({ ok: false, reason: 'failed' })
    expect(await locate(null)).toEqual({ ok: false, reason: 'unsupported' })
  })
})
