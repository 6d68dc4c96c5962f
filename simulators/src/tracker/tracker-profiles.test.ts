import { describe, expect, it } from 'vitest'
import { createRandom } from './random.js'
import { profileFor, REPORT_INTERVALS_S } from './tracker-profiles.js'
import { Tracker } from './tracker.js'

const vehicleIds = Array.from({ length: 1000 }, (_, i) => `bus-${String(i).padStart(4, '0')}`)

describe('profileFor', () => {
  it('draws a varied fleet of valid trackers', () => {
    const random = createRandom('profiles')
    const profiles = vehicleIds.map((id) => profileFor(id, { agencyId: 'gam' }, random))
    expect(new Set(profiles.map((p) => p.reportIntervalS))).toEqual(new Set(REPORT_INTERVALS_S))
    expect(new Set(profiles.map((p) => p.timestampFormat))).toEqual(new Set(['iso', 'epoch_ms']))
    const skews = profiles.map((p) => Math.abs(p.clockSkewMs))
    expect(skews.filter((s) => s <= 1000).length).toBeGreaterThan(850)
    expect(skews.filter((s) => s > 1000).length).toBeGreaterThan(50)
    expect(Math.max(...skews)).toBeLessThanOrEqual(4000)
    for (const [index, profile] of profiles.entries()) {
      expect(profile.agencyId).toBe('gam')
      expect(() => new Tracker(vehicleIds[index]!, profile, random)).not.toThrow()
    }
  })

  it('keeps every field given, and leaves the others as they were drawn', () => {
    const drawn = profileFor('bus-1', { agencyId: 'gam' }, createRandom(5))
    const fixed = profileFor('bus-1', { agencyId: 'gam', reportIntervalS: 7, badPingRate: 0, clockSkewMs: undefined }, createRandom(5))
    expect(fixed).toEqual({ ...drawn, reportIntervalS: 7, badPingRate: 0 })
  })

  it('depends on the seed and the vehicle only, not on what was drawn before', () => {
    const random = createRandom(9)
    const first = profileFor('bus-3', { agencyId: 'gam' }, random)
    random.next()
    profileFor('bus-4', { agencyId: 'gam' }, random)
    expect(profileFor('bus-3', { agencyId: 'gam' }, random)).toEqual(first)
    expect(profileFor('bus-3', { agencyId: 'gam' }, createRandom(10))).not.toEqual(first)
  })
})
