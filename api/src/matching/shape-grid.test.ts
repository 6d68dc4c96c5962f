import { describe, expect, it } from 'vitest'
import { ShapeGrid } from './shape-grid.js'
import { placeWithin, toShapeLine } from './shape-line.js'
import { at, handMadeSchedule, street } from './testing/hand-made-schedule.js'

// Out along a street, round a block, and back along the same street: one place on the street is two passes.
const schedule = handMadeSchedule({
  stops: { T: [0, 0], A: [1000, 0] },
  shapes: { LOOP: [[0, 0], [1000, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 0], [0, 0]], ELSEWHERE: street([0, 3000], [2000, 3000]) },
  trips: [{ tripId: 'L1', routeId: 'L', shapeId: 'LOOP', stopIds: ['T', 'A', 'T'], times: ['08:00:00', '08:05:00', '08:20:00'] }],
})
const lines = [...schedule.shapes.values()].map(toShapeLine)
const loop = lines.find((line) => line.shapeId === 'LOOP')!

describe('ShapeGrid', () => {
  const grid = new ShapeGrid(lines, 80)

  it('finds each pass of a shape by a point, and no shape far from it', () => {
    const { lat, lon } = at([500, 20])
    const passes = grid.placesNear(lat, lon, 80).map((p) => ({ shapeId: p.shape.shapeId, alongM: Math.round(p.alongM), offsetM: Math.round(p.offsetM) }))
    expect(passes.sort((a, b) => a.alongM - b.alongM)).toEqual([
      { shapeId: 'LOOP', alongM: 500, offsetM: 20 },
      { shapeId: 'LOOP', alongM: 5500, offsetM: 20 },
    ])
    const nowhere = at([500, 1500])
    expect(grid.placesNear(nowhere.lat, nowhere.lon, 80)).toEqual([])
  })

  it('places a point within a stretch of the shape, so progress picks the pass', () => {
    const { lat, lon } = at([500, 0])
    expect(Math.round(placeWithin(loop, lat, lon, { fromM: 0, toM: 3000, expectedM: 400 })!.alongM)).toBe(500)
    expect(Math.round(placeWithin(loop, lat, lon, { fromM: 4000, toM: 6000, expectedM: 5400 })!.alongM)).toBe(5500)
    // Beyond the stretch: its nearest end, and how far that is.
    const clamped = placeWithin(loop, lat, lon, { fromM: 0, toM: 300, expectedM: 300 })!
    expect([Math.round(clamped.alongM), Math.round(clamped.offsetM)]).toEqual([300, 200])
  })

  it('gives each segment its compass bearing', () => {
    expect(Array.from(loop.bearingsDeg, Math.round)).toEqual([90, 90, 0, 270, 180, 270])
  })
})
