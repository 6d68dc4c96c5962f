import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'
import { REAL_GTFS_RT, missingRealGtfsRt } from './real-gtfs-rt.js'

const missing = missingRealGtfsRt()
if (missing) console.warn(`GTFS-Realtime snapshots: ${missing}`)

// Counts from each folder's PROVENANCE.md in ../shared/data/gtfs-rt, checked independently by walking the protobuf
// wire format of each file (a Python script of a few lines: no protoc, no gtfs-realtime-bindings).
describe.skipIf(missing !== null)(`readTrace on real GTFS-Realtime VehiclePositions${missing ? ` (${missing})` : ''}`, () => {
  it('reads the King County folder: 627 + 570 vehicles, 777 distinct (420 in both), every entity with its own timestamp', async () => {
    const trace = await readTrace(REAL_GTFS_RT.kingCountyFolder)
    expect(trace.format.name).toBe('gtfs-rt-pb')
    expect(trace.skipped.count).toBe(0)
    expect(trace.records).toHaveLength(627 + 570)
    expect(trace.repeatsDropped).toBe(0)
    expect(trace.vehicles).toBe(777)
    expect(new Date(trace.records[0]!.atMs).toISOString()).toBe('2021-09-02T15:26:26.000Z')
    expect(new Date(trace.records.at(-1)!.atMs).toISOString()).toBe('2021-09-02T16:08:14.000Z')
    expect(trace.records.every((r) => r.tripId !== undefined && r.routeId !== undefined)).toBe(true)
  })

  it('reads a fix repeated across snapshots once: the first King County snapshot twice (once gzipped) beside the second', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'masar-kcm-'))
    try {
      await copyFile(REAL_GTFS_RT.kingCounty1, join(folder, 'kcm-1.pbf'))
      await writeFile(join(folder, 'kcm-1-again.pb.gz'), gzipSync(await readFile(REAL_GTFS_RT.kingCounty1)))
      await copyFile(join(REAL_GTFS_RT.kingCountyFolder, 'king-county-metro-2.pbf'), join(folder, 'kcm-2.pbf'))
      const trace = await readTrace(folder)
      expect(trace.records).toHaveLength(627 + 570)
      expect(trace.repeatsDropped).toBe(627)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('reads the Halifax folder\'s VehiclePositions and passes over its TripUpdates and Alerts: 291 buses, bearing on 255, speed on 171', async () => {
    const trace = await readTrace(REAL_GTFS_RT.halifaxFolder)
    expect(trace.skipped.count).toBe(0)
    expect(trace.records).toHaveLength(291)
    expect(trace.vehicles).toBe(291)
    expect(trace.records.filter((r) => r.bearingDeg !== undefined)).toHaveLength(255)
    expect(trace.records.filter((r) => r.speedMps !== undefined)).toHaveLength(171)
    expect(trace.records.every((r) => r.tripId !== undefined && r.routeId !== undefined)).toBe(true)
    // start_date without start_time: no journey start (the trip id names the trip).
    expect(trace.records.some((r) => r.journeyStartMs !== undefined)).toBe(false)
  })

  it('gives the USF Bull Runner entities, which carry no timestamp, the header\'s, and keeps their route (no trip)', async () => {
    const trace = await readTrace(REAL_GTFS_RT.bullRunner)
    expect(trace.records).toHaveLength(10)
    expect(new Set(trace.records.map((r) => r.atMs))).toEqual(new Set([1_505_314_375_000])) // 2017-09-13T14:52:55Z
    expect(trace.records.every((r) => r.tripId === undefined && r.routeId !== undefined)).toBe(true)
  })
})
