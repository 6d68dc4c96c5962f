import { describe, expect, it } from 'vitest'
import { parseRoute, stopHref } from './parse-route.js'

describe('parseRoute', () => {
  it('reads the three pages and anything else as not found', () => {
    expect(parseRoute('')).toEqual({ name: 'home' })
    expect(parseRoute('#/')).toEqual({ name: 'home' })
    expect(parseRoute('#/dispatch')).toEqual({ name: 'dispatch' })
    expect(parseRoute('#/dispatch/')).toEqual({ name: 'dispatch' })
    expect(parseRoute('#/stops/S12')).toEqual({ name: 'stop', stopId: 'S12' })
    expect(parseRoute('#/stops/')).toEqual({ name: 'not-found', path: '/stops' })
    expect(parseRoute('#/elsewhere')).toEqual({ name: 'not-found', path: '/elsewhere' })
    expect(parseRoute('#/stops/%E0%A4%A')).toEqual({ name: 'not-found', path: '/stops/%E0%A4%A' })
  })

  it('round-trips stop ids that need escaping', () => {
    for (const stopId of ['S 1/2', 'موقف-٣', 'a?b#c']) expect(parseRoute(stopHref(stopId))).toEqual({ name: 'stop', stopId })
  })
})
