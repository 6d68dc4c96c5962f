import { describe, expect, it } from 'vitest'
import { GLIDE_FROM_ZOOM, glidePolicy, LARGE_FLEET, LARGE_FLEET_UPDATE_MS, minUpdateIntervalMs, ZOOMED_OUT_UPDATE_MS } from './motion-policy.js'

const bounds = [35.9, 31.9, 35.92, 31.92] as const
const inside = { lon: 35.91, lat: 31.91, bearingDeg: 0 }
const justInside = { lon: 35.9195, lat: 31.91, bearingDeg: 0 }
const outside = { lon: 35.95, lat: 31.91, bearingDeg: 0 }
const farOutside = { lon: 35.96, lat: 31.91, bearingDeg: 0 }

describe('which buses glide', () => {
  it('glides buses in view, or entering or leaving it, at street zoom', () => {
    const mayGlide = glidePolicy({ zoom: GLIDE_FROM_ZOOM + 1, bounds, reducedMotion: false })
    expect(mayGlide(inside, inside)).toBe(true)
    expect(mayGlide(justInside, outside)).toBe(true)
    expect(mayGlide(outside, justInside)).toBe(true)
    expect(mayGlide(outside, farOutside)).toBe(false)
  })

  it('glides nothing zoomed out over the city or when the dispatcher asked for reduced motion', () => {
    expect(glidePolicy({ zoom: GLIDE_FROM_ZOOM - 0.5, bounds, reducedMotion: false })(inside, inside)).toBe(false)
    expect(glidePolicy({ zoom: GLIDE_FROM_ZOOM + 2, bounds, reducedMotion: true })(inside, inside)).toBe(false)
  })

  it('updates the source every frame at street zoom (ten times a second for a large fleet), once a second zoomed out', () => {
    expect(minUpdateIntervalMs(GLIDE_FROM_ZOOM, 206)).toBe(0)
    expect(minUpdateIntervalMs(GLIDE_FROM_ZOOM, LARGE_FLEET + 1)).toBe(LARGE_FLEET_UPDATE_MS)
    expect(minUpdateIntervalMs(GLIDE_FROM_ZOOM - 1, 206)).toBe(ZOOMED_OUT_UPDATE_MS)
  })
})
