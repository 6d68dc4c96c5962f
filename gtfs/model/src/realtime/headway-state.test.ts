import { describe, expect, it } from 'vitest'
import { bunchedBelowS, headwayStateOf, isBunched } from './headway-state.js'

describe('headway state', () => {
  it('calls a bus bunched under a quarter of the reference headway, and never above a minute less', () => {
    expect(bunchedBelowS(600)).toBe(150)
    expect(bunchedBelowS(120)).toBe(60) // a quarter would be 30 s: the minute holds
    expect(bunchedBelowS(null)).toBe(60)
    expect(isBunched(149, 600)).toBe(true)
    expect(isBunched(150, 600)).toBe(false)
  })

  it('tells leading, bunched, ok and gap apart', () => {
    expect(headwayStateOf(null, 600)).toBe('leading')
    expect(headwayStateOf(100, 600)).toBe('bunched')
    expect(headwayStateOf(600, 600)).toBe('ok')
    expect(headwayStateOf(1200, 600)).toBe('ok')
    expect(headwayStateOf(1201, 600)).toBe('gap')
    expect(headwayStateOf(5000, 0)).toBe('ok') // two trips timetabled together: no gap to speak of
    expect(headwayStateOf(30, 0)).toBe('bunched')
  })
})
