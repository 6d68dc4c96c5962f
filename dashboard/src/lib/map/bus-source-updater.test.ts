import type { GeoJSONSourceDiff } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import type { BusFeature, BusFeatureCollection } from '../live/fleet-snapshot.js'
import { BusSourceUpdater, type BusSourceUpdaterDeps } from './bus-source-updater.js'

function bus(id: string, lon: number, lat: number, extra: Partial<BusFeature['properties']> = {}): BusFeature {
  return {
    type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { vehicleId: id, bearing: 0, adherence: 'on-time', health: 'fresh', routeId: 'r1', tripId: null, ...extra },
  }
}
const fleet = (...features: BusFeature[]): BusFeatureCollection => ({ type: 'FeatureCollection', features })

function harness(options: Partial<BusSourceUpdaterDeps> = {}) {
  const calls: Array<{ setData?: BusFeatureCollection; updateData?: GeoJSONSourceDiff }> = []
  let pending: ((nowMs: number) => void) | null = null
  let frames = 0
  let clockMs = 0
  const timers: Array<{ at: number; callback: () => void }> = []
  const updater = new BusSourceUpdater({
    source: { setData: (setData) => calls.push({ setData }), updateData: (updateData) => calls.push({ updateData }) },
    requestFrame: (callback) => {
      frames += 1
      pending = callback
      return frames
    },
    cancelFrame: () => (pending = null),
    now: () => clockMs,
    setTimer: (callback, ms) => timers.push({ at: clockMs + ms, callback }),
    clearTimer: () => timers.splice(0),
    minUpdateIntervalMs: () => 0,
    mayGlide: () => false,
    ...options,
  })
  /** Time passes to `nowMs`: due timers fire, then the pending animation frame runs. */
  const frame = (nowMs: number) => {
    clockMs = nowMs
    for (const timer of timers.splice(0)) {
      if (timer.at <= nowMs) timer.callback()
      else timers.push(timer)
    }
    const callback = pending
    pending = null
    callback?.(nowMs)
  }
  return { updater, calls, frame, framesRequested: () => frames, hasFrame: () => pending !== null }
}

const lonOf = (diff: GeoJSONSourceDiff | undefined, id: string) => (diff?.add?.find((f) => f.id === id)?.geometry as { coordinates: number[] } | undefined)?.coordinates[0]

describe('the bus source updater', () => {
  it('sends the first fleet whole, then only the buses that changed or left', () => {
    const { updater, calls, frame } = harness()
    updater.show(fleet(bus('a', 35.9, 31.9), bus('b', 35.91, 31.91), bus('c', 35.92, 31.92)))
    frame(0)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.setData?.features.map((f) => f.id)).toEqual(['a', 'b', 'c'])
    // a new batch: a moved, b turned very late, c gone, d new; rebuilt objects for the unchanged ones send nothing
    updater.show(fleet(bus('a', 35.901, 31.9), bus('b', 35.91, 31.91, { adherence: 'very-late' }), bus('d', 35.93, 31.93)))
    frame(16)
    expect(calls).toHaveLength(2)
    const diff = calls[1]!.updateData!
    expect(diff.add?.map((f) => f.id).sort()).toEqual(['a', 'b', 'd'])
    expect(diff.remove).toEqual(['c'])
    updater.show(fleet(bus('a', 35.901, 31.9), bus('b', 35.91, 31.91, { adherence: 'very-late' }), bus('d', 35.93, 31.93)))
    frame(32)
    expect(calls).toHaveLength(2)
  })

  it('sends at most one update per animation frame, however many batches arrive', () => {
    const { updater, calls, frame, framesRequested } = harness()
    updater.show(fleet(bus('a', 35.9, 31.9)))
    frame(0)
    for (let i = 1; i <= 5; i++) updater.show(fleet(bus('a', 35.9 + i / 1000, 31.9)))
    expect(framesRequested()).toBe(2)
    frame(16)
    expect(calls).toHaveLength(2)
    expect(lonOf(calls[1]!.updateData, 'a')).toBeCloseTo(35.905, 9)
  })

  it('glides a moved bus over the glide time, one update a frame, then stops asking for frames', () => {
    const { updater, calls, frame, hasFrame } = harness({ mayGlide: () => true, glideMs: 1000 })
    updater.show(fleet(bus('a', 35.9, 31.9)))
    frame(0)
    updater.show(fleet(bus('a', 35.902, 31.9)))
    frame(100) // the glide starts here
    expect(lonOf(calls[1]!.updateData, 'a')).toBeCloseTo(35.9, 9)
    expect(updater.gliding).toBe(1)
    frame(600)
    expect(lonOf(calls[2]!.updateData, 'a')).toBeCloseTo(35.901, 9)
    frame(1100)
    expect(lonOf(calls[3]!.updateData, 'a')).toBeCloseTo(35.902, 9)
    expect(updater.gliding).toBe(0)
    expect(hasFrame()).toBe(false)
  })

  it('retargets a gliding bus from where it is shown when its next ping arrives', () => {
    const { updater, calls, frame } = harness({ mayGlide: () => true, glideMs: 1000 })
    updater.show(fleet(bus('a', 35.9, 31.9)))
    frame(0)
    updater.show(fleet(bus('a', 35.902, 31.9)))
    frame(0)
    frame(500) // half way: 35.901
    updater.show(fleet(bus('a', 35.903, 31.9)))
    frame(500)
    frame(1000) // half way from 35.901 to 35.903
    expect(lonOf(calls.at(-1)!.updateData, 'a')).toBeCloseTo(35.902, 9)
  })

  it('moves buses at once when gliding is not allowed (reduced motion, zoomed out, out of view) or too many glide', () => {
    const still = harness({ mayGlide: () => false })
    still.updater.show(fleet(bus('a', 35.9, 31.9)))
    still.frame(0)
    still.updater.show(fleet(bus('a', 35.902, 31.9)))
    still.frame(16)
    expect(lonOf(still.calls[1]!.updateData, 'a')).toBeCloseTo(35.902, 9)
    expect(still.updater.gliding).toBe(0)

    const capped = harness({ mayGlide: () => true, maxGlides: 1 })
    capped.updater.show(fleet(bus('a', 35.9, 31.9), bus('b', 35.95, 31.9)))
    capped.frame(0)
    capped.updater.show(fleet(bus('a', 35.902, 31.9), bus('b', 35.952, 31.9)))
    capped.frame(16)
    expect(capped.updater.gliding).toBe(1)
    expect(lonOf(capped.calls[1]!.updateData, 'b')).toBeCloseTo(35.952, 9)
  })

  it('zoomed out, updates the source at most once per interval, and the latest batch still arrives', () => {
    const { updater, calls, frame } = harness({ minUpdateIntervalMs: () => 1000 })
    updater.show(fleet(bus('a', 35.9, 31.9)))
    frame(0)
    for (let t = 250; t <= 1000; t += 250) {
      updater.show(fleet(bus('a', 35.9 + t / 1_000_000, 31.9)))
      frame(t)
    }
    // batches at 250, 500, 750 wait; the one second mark sends the latest
    expect(calls).toHaveLength(2)
    expect(lonOf(calls[1]!.updateData, 'a')).toBeCloseTo(35.901, 9)
    updater.show(fleet(bus('a', 35.9015, 31.9)))
    frame(1500)
    expect(calls).toHaveLength(2)
    frame(2000)
    expect(calls).toHaveLength(3)
    expect(lonOf(calls[2]!.updateData, 'a')).toBeCloseTo(35.9015, 9)
  })

  it('spaces glide frames by the interval too (a large fleet at street zoom)', () => {
    const { updater, calls, frame } = harness({ mayGlide: () => true, glideMs: 1000, minUpdateIntervalMs: () => 100 })
    updater.show(fleet(bus('a', 35.9, 31.9)))
    frame(0)
    updater.show(fleet(bus('a', 35.902, 31.9)))
    for (let t = 100; t <= 1200; t += 20) frame(t)
    // the glide starts at 100 and is drawn every 100 ms: 100, 200, … 1100
    expect(calls.length - 1).toBe(11)
    expect(lonOf(calls[6]!.updateData, 'a')).toBeCloseTo(35.901, 9)
    expect(updater.gliding).toBe(0)
  })
})
