import { describe, expect, it } from 'vitest'
import { DepartureFloor } from './departure-floor.js'

describe('DepartureFloor', () => {
  it('knows no floor before 40 departures of the route', () => {
    const floor = new DepartureFloor()
    for (let i = 0; i < 39; i++) floor.observe('R1', -30)
    expect(floor.earliestS('R1')).toBeNull()
    floor.observe('R1', -30)
    expect(floor.earliestS('R1')).toBe(30)
    expect(floor.earliestS('R2')).toBeNull()
  })

  it('finds the floor of a route whose buses never leave more than a minute early', () => {
    const floor = new DepartureFloor()
    // a tenth of them wait the full minute, the others leave from 50 s early to 5 min late
    for (let i = 0; i < 200; i++) floor.observe('R1', i % 10 === 0 ? -60 : -50 + (i % 37) * 10)
    expect(floor.earliestS('R1')).toBeCloseTo(60, 6)
  })

  it('gives 0 for a route whose buses never leave early', () => {
    const floor = new DepartureFloor()
    for (let i = 0; i < 100; i++) floor.observe('R1', i * 3)
    expect(floor.earliestS('R1')).toBe(0)
  })

  it('gives no floor for a route whose buses leave whenever ready (20 min early)', () => {
    const floor = new DepartureFloor()
    for (let i = 0; i < 100; i++) floor.observe('R1', i % 5 === 0 ? -1200 : 30)
    expect(floor.earliestS('R1')).toBeNull()
  })

  it('takes the earliest few percent, not the single earliest departure', () => {
    const floor = new DepartureFloor()
    floor.observe('R1', -800) // one driver out of a hundred
    for (let i = 0; i < 99; i++) floor.observe('R1', -40 + (i % 20))
    expect(floor.earliestS('R1')).toBeCloseTo(40, 6)
  })

  it('keeps routes apart and follows the last 400 departures', () => {
    const floor = new DepartureFloor()
    for (let i = 0; i < 400; i++) floor.observe('R1', -600)
    for (let i = 0; i < 50; i++) floor.observe('R2', -10)
    expect(floor.earliestS('R1')).toBe(600)
    for (let i = 0; i < 400; i++) floor.observe('R1', -30)
    expect(floor.earliestS('R1')).toBe(30) // the old ones have rolled out (and the cached order was dropped)
    expect(floor.earliestS('R2')).toBe(10)
  })
})
