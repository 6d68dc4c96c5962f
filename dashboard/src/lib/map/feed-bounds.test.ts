import { describe, expect, it } from 'vitest'
import { centreOf, feedBoundsOf } from './feed-bounds.js'

describe('the feed\'s bounds from a basemap style', () => {
  it('are the union of its sources\' bounds', () => {
    const style = { version: 8, sources: { basemap: { type: 'vector', bounds: [35.8, 31.9, 36.0, 32.1] }, extra: { type: 'geojson', bounds: [35.7, 31.95, 35.9, 32.0] } } }
    expect(feedBoundsOf(style)).toEqual([35.7, 31.9, 36.0, 32.1])
    expect(centreOf([35.8, 31.9, 36.0, 32.1]).lat).toBeCloseTo(32.0)
    expect(centreOf([35.8, 31.9, 36.0, 32.1]).lon).toBeCloseTo(35.9)
  })

  it('are unknown for a style without bounds, with the whole world, or no style at all', () => {
    expect(feedBoundsOf({ version: 8, sources: { a: { type: 'vector' } } })).toBeNull()
    expect(feedBoundsOf({ version: 8, sources: { a: { bounds: [-180, -85, 180, 85] } } })).toBeNull()
    expect(feedBoundsOf({ version: 8, sources: { a: { bounds: [1, 2, 'x', 4] } } })).toBeNull()
    expect(feedBoundsOf(null)).toBeNull()
    expect(feedBoundsOf('style')).toBeNull()
  })
})
