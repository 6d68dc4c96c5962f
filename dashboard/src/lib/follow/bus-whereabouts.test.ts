import { describe, expect, it } from 'vitest'
import { busWhereabouts, type PlacedStop } from './bus-whereabouts.js'

// three stops along a street running east, about 1.1 km apart (0.01° of longitude at Amman's latitude ≈ 945 m)
const stops: PlacedStop[] = [
  { stopId: 'a', name: 'Abdali', lon: 35.9, lat: 31.95, passed: true },
  { stopId: 'b', name: 'Jabal Amman', lon: 35.91, lat: 31.95, passed: false },
  { stopId: 'c', name: 'Downtown', lon: 35.92, lat: 31.95, passed: false },
]

describe('where a bus is, in words', () => {
  it('is between the stop it passed and the one it is going to', () => {
    expect(busWhereabouts(stops, { lon: 35.905, lat: 31.95, nextStopId: 'b' })).toEqual({ kind: 'between', from: 'Abdali', to: 'Jabal Amman' })
  })

  it('is at a stop within 40 m of it, the next one or the one just passed', () => {
    expect(busWhereabouts(stops, { lon: 35.9102, lat: 31.95, nextStopId: 'b' })).toEqual({ kind: 'at', stop: 'Jabal Amman' })
    expect(busWhereabouts(stops, { lon: 35.9003, lat: 31.95, nextStopId: 'b' })).toEqual({ kind: 'at', stop: 'Abdali' })
    // 100 m past Abdali is no longer at it
    expect(busWhereabouts(stops, { lon: 35.9011, lat: 31.95, nextStopId: 'b' }).kind).toBe('between')
  })

  it('heads for the first stop when none is behind it, and follows the passed flags when the api names no next stop', () => {
    expect(busWhereabouts(stops, { lon: 35.89, lat: 31.95, nextStopId: 'a' })).toEqual({ kind: 'towards', stop: 'Abdali' })
    expect(busWhereabouts(stops, { lon: 35.915, lat: 31.95, nextStopId: null })).toEqual({ kind: 'between', from: 'Abdali', to: 'Jabal Amman' })
  })

  it('says nothing it does not know', () => {
    expect(busWhereabouts([], { lon: 35.9, lat: 31.95, nextStopId: null })).toEqual({ kind: 'unknown' })
    expect(busWhereabouts(stops.map((s) => ({ ...s, passed: true })), { lon: 35.9, lat: 31.95, nextStopId: null })).toEqual({ kind: 'unknown' })
  })
})
