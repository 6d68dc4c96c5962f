import { describe, expect, it } from 'vitest'
import { distanceMetres, interpolateBearing, isGlideDone, MAX_GLIDE_METRES, poseAt, shouldGlide, startGlide, type BusPose } from './bus-motion.js'
import { METRES_PER_DEGREE_LAT } from '@masar/model/geo/earth'

const at = (lon: number, lat: number, bearingDeg = 90): BusPose => ({ lon, lat, bearingDeg })

describe('bus motion between pings', () => {
  it('turns the bearing the short way round, across north', () => {
    expect(interpolateBearing(350, 10, 0.5)).toBeCloseTo(0, 6)
    expect(interpolateBearing(10, 350, 0.25)).toBeCloseTo(5, 6)
    expect(interpolateBearing(90, 180, 0.5)).toBeCloseTo(135, 6)
    expect(interpolateBearing(0, 180, 1)).toBeCloseTo(180, 6)
  })

  it('takes the new bearing at once when either end has none', () => {
    expect(interpolateBearing(-1, 120, 0.3)).toBe(120)
    expect(interpolateBearing(120, -1, 0.3)).toBe(-1)
  })

  it('glides at constant speed from the shown position to the reported one, then stays there', () => {
    const glide = startGlide(at(35.9, 31.9, 0), at(35.902, 31.904, 90), 1_000, 2_000)
    const mid = poseAt(glide, 2_000)
    expect(mid.lon).toBeCloseTo(35.901, 9)
    expect(mid.lat).toBeCloseTo(31.902, 9)
    expect(mid.bearingDeg).toBeCloseTo(45, 6)
    expect(poseAt(glide, 500)).toEqual(at(35.9, 31.9, 0))
    expect(isGlideDone(glide, 2_999)).toBe(false)
    expect(isGlideDone(glide, 3_000)).toBe(true)
    expect(poseAt(glide, 9_000)).toEqual(glide.to)
  })

  it('glides a move along a street but shows a jump across town at once', () => {
    expect(distanceMetres(at(35.9, 31.9), at(35.9, 31.901))).toBeCloseTo(111.3, 0)
    expect(shouldGlide(at(35.9, 31.9), at(35.9, 31.901))).toBe(true)
    const far = 31.9 + (MAX_GLIDE_METRES * 1.5) / METRES_PER_DEGREE_LAT
    expect(shouldGlide(at(35.9, 31.9), at(35.9, far))).toBe(false)
    expect(shouldGlide(at(35.9, 31.9), at(35.9, 31.9))).toBe(false)
    expect(shouldGlide(at(35.9, 31.9, 10), at(35.9, 31.9, 20))).toBe(true)
  })
})
