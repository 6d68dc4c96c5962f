import { describe, expect, it } from 'vitest'
import { busLabel } from './bus-label.js'

describe('a bus\'s label on a chart', () => {
  it('is its fleet number, not a cut-off id that reads as a stop code', () => {
    expect(busLabel('bus-0107')).toBe('0107')
    expect(busLabel('TTC-4021')).toBe('4021')
    expect(busLabel('865')).toBe('865')
  })

  it('is the id itself, shortened if need be, when it ends without a number', () => {
    expect(busLabel('amman-a')).toBe('amman-a')
    expect(busLabel('route-bus-alpha')).toBe('route-b…')
    expect(busLabel('bus-7')).toBe('bus-7')
  })
})
