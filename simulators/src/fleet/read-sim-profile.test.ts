import { describe, expect, it } from 'vitest'
import { checkSimProfile } from './read-sim-profile.js'

describe('simulation profiles', () => {
  it('takes overrides of any part', () => {
    const profile = { behaviour: { detourRate: 0 }, tracker: { gpsNoiseM: 12 }, congestion: { eventsPerHour: 8 } }
    expect(checkSimProfile(profile)).toEqual(profile)
  })

  it('refuses a typo instead of ignoring it, and says what is allowed', () => {
    expect(() => checkSimProfile({ tracker: { gpsNoise: 12 } })).toThrow(/"tracker\.gpsNoise" is not a setting; tracker has: reportIntervalS, gpsNoiseM/)
    expect(() => checkSimProfile({ buses: {} })).toThrow(/"buses" is not a part of a profile/)
    expect(() => checkSimProfile([])).toThrow(/a profile is a JSON object/)
  })
})
