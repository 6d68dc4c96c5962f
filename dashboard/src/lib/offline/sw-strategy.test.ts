import { describe, expect, it } from 'vitest'
import { precacheList, swStrategyFor } from './sw-strategy.js'

const origin = 'https://masar.example.jo'
const get = (path: string, mode = 'cors') => ({ method: 'GET', url: `${origin}${path}`, mode })

describe('what the service worker does with a request', () => {
  it('serves page navigations network first, with the cached shell offline', () => {
    expect(swStrategyFor(get('/', 'navigate'), origin)).toBe('shell')
    expect(swStrategyFor(get('/?lang=en', 'navigate'), origin)).toBe('shell')
  })

  it('never answers the api or the live stream from its cache (a cached answer would look live)', () => {
    expect(swStrategyFor(get('/api/v1/stops/s1/arrivals?limit=3'), origin)).toBe('network')
    expect(swStrategyFor(get('/api/v1/live?stops=s1'), origin)).toBe('network')
    expect(swStrategyFor(get('/gtfs-rt/vehicle-positions'), origin)).toBe('network')
  })

  it('keeps the built files and icons, and leaves the rest alone', () => {
    expect(swStrategyFor(get('/assets/index-abc.js'), origin)).toBe('asset')
    expect(swStrategyFor(get('/icons/icon-192.png'), origin)).toBe('asset')
    expect(swStrategyFor(get('/manifest.webmanifest'), origin)).toBe('asset')
    expect(swStrategyFor(get('/map/tiles/12/2446/1652.pbf'), origin)).toBe('none')
    expect(swStrategyFor({ method: 'POST', url: `${origin}/api/v1/auth/token`, mode: 'cors' }, origin)).toBe('none')
    expect(swStrategyFor({ method: 'GET', url: 'https://cdn.example.com/assets/x.js', mode: 'cors' }, origin)).toBe('none')
  })

  it('precaches the shell and its scripts and styles, not the map library', () => {
    expect(precacheList(['index.html', 'assets/index-a.js', 'assets/index-a.css', 'assets/maplibre-gl-b.js', 'assets/mapbox-gl-rtl-text-c.js', 'glyphs/x/0-255.pbf', 'assets/TripPage-d.js']))
      .toEqual(['/', '/assets/TripPage-d.js', '/assets/index-a.css', '/assets/index-a.js'])
  })
})
