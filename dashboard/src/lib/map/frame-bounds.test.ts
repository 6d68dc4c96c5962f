import { describe, expect, it } from 'vitest'
import { boundsOf } from './frame-bounds.js'

describe('boundsOf', () => {
  it('boxes points and lines together', () => {
    const route = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [[35.9, 31.9], [35.95, 31.97]] } },
        { type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [35.85, 31.99] } },
      ],
    }
    expect(boundsOf(route)).toEqual([35.85, 31.9, 35.95, 31.99])
  })

  it('is null for nothing', () => {
    expect(boundsOf({ type: 'FeatureCollection', features: [] })).toBeNull()
  })
})
