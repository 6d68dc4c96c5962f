import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { missingRealFeeds, REAL_FEEDS } from '../../testing/real-feeds.js'
import { decodeGtfsRtVehiclePositions } from './gtfs-rt-vehicle-positions.js'

const skip = missingRealFeeds()
if (skip) console.warn(skip)

/** Counts from each sample's PROVENANCE.md (../shared/data/gtfs-rt/*), checked there with protoc. */
describe.skipIf(skip !== null)('decodeGtfsRtVehiclePositions on real feeds', () => {
  it("Halifax: 291 vehicles with their own time, speed in m/s, bearing, occupancy by name", async () => {
    const decoded = decodeGtfsRtVehiclePositions(await readFile(REAL_FEEDS.halifaxVp))
    expect(decoded.rejections).toEqual([])
    expect(decoded.fixes).toHaveLength(291)
    expect(decoded.feedTimestampMs).toBe(1_762_462_979_000)
    expect(new Set(decoded.fixes.map((fix) => fix.device)).size).toBe(291)
    expect(decoded.fixes.filter((fix) => fix.payload.bearing !== undefined)).toHaveLength(255)
    expect(decoded.fixes.filter((fix) => fix.payload.speed !== undefined)).toHaveLength(171)
    expect(decoded.fixes.every((fix) => fix.payload.tripId && fix.payload.routeId)).toBe(true)
    expect(decoded.fixes.some((fix) => fix.payload.occupancy !== undefined)).toBe(true)
    for (const { payload } of decoded.fixes) {
      expect(payload.lat).toBeGreaterThan(44)
      expect(payload.lat).toBeLessThan(45.2)
      expect(payload.lon).toBeGreaterThan(-64.2)
      expect(payload.lon).toBeLessThan(-63)
      expect(payload.speed ?? 0).toBeLessThan(40)
      expect(typeof payload.ts === 'number' && payload.ts <= 1_762_462_979_000 && payload.ts > 1_762_462_979_000 - 3_600_000).toBe(true)
    }
  })

  it('Caltrain: 14 trains on their trips, each fix at or before the feed time', async () => {
    const decoded = decodeGtfsRtVehiclePositions(await readFile(REAL_FEEDS.caltrainVp))
    expect(decoded.rejections).toEqual([])
    expect(decoded.fixes).toHaveLength(14)
    expect(decoded.feedTimestampMs).toBe(1_699_405_559_000)
    expect(decoded.fixes.every((fix) => Number(fix.payload.ts) <= 1_699_405_559_000 && fix.payload.tripId && fix.payload.routeId)).toBe(true)
  })

  it('King County: 627 then 570 vehicles, 420 ids in both snapshots', async () => {
    const first = decodeGtfsRtVehiclePositions(await readFile(REAL_FEEDS.kingCounty1))
    const second = decodeGtfsRtVehiclePositions(await readFile(REAL_FEEDS.kingCounty2))
    expect([first.fixes.length, second.fixes.length, first.rejections.length, second.rejections.length]).toEqual([627, 570, 0, 0])
    const ids = new Set(first.fixes.map((fix) => fix.device))
    expect(second.fixes.filter((fix) => ids.has(fix.device))).toHaveLength(420)
  })

  it("USF Bull Runner: 10 vehicles with route and occupancy, despite the header's unknown extension", async () => {
    const decoded = decodeGtfsRtVehiclePositions(await readFile(REAL_FEEDS.bullRunnerVp))
    expect(decoded.rejections).toEqual([])
    expect(decoded.fixes).toHaveLength(10)
    expect(decoded.fixes.every((fix) => fix.payload.routeId && fix.payload.tripId === undefined && fix.payload.occupancy)).toBe(true)
  })

  it('a TripUpdates feed holds no vehicle positions: nothing decoded, nothing refused', async () => {
    for (const path of [REAL_FEEDS.halifaxTripUpdates, REAL_FEEDS.caltrainTripUpdates]) {
      const decoded = decodeGtfsRtVehiclePositions(await readFile(path))
      expect([decoded.fixes.length, decoded.rejections.length]).toEqual([0, 0])
    }
  })
})
