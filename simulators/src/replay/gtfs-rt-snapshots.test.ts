import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'

const { transit_realtime: rt } = GtfsRealtimeBindings

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-gtfs-rt-snapshots-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

type Entity = GtfsRealtimeBindings.transit_realtime.IFeedEntity

function feed(headerS: number, entities: Entity[]): Uint8Array {
  return rt.FeedMessage.encode({ header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: headerS }, entity: entities }).finish()
}

function bus(id: string, fix: { atS?: number; lat: number; lon: number; bearing?: number; speed?: number; trip?: GtfsRealtimeBindings.transit_realtime.ITripDescriptor }): Entity {
  return {
    id: `e-${id}`,
    vehicle: {
      vehicle: { id }, position: { latitude: fix.lat, longitude: fix.lon, bearing: fix.bearing, speed: fix.speed },
      ...(fix.atS === undefined ? {} : { timestamp: fix.atS }), ...(fix.trip ? { trip: fix.trip } : {}),
    },
  }
}

async function folderOf(name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const folder = join(dir, name)
  await mkdir(folder)
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(folder, file), bytes)
  return folder
}

describe('readTrace: a folder of GTFS-Realtime VehiclePositions snapshots', () => {
  it('reads every snapshot (.pb, .pbf, .pb.gz, any name) in header order, each fix once, an entity without a timestamp at the header\'s', async () => {
    const trip = { tripId: 't1', routeId: 'r1', startDate: '20251106', startTime: '16:40:00' }
    const folder = await folderOf('vp', {
      // Named against their order: the header timestamp decides.
      'a.pb': feed(1_762_463_060, [bus('7', { atS: 1_762_463_055, lat: 44.62, lon: -63.57, trip })]),
      'z.pb.gz': gzipSync(feed(1_762_463_000, [
        bus('7', { atS: 1_762_462_990, lat: 44.6, lon: -63.55, bearing: 45, speed: 8.25, trip }),
        bus('8', { lat: 44.7, lon: -63.6 }),
        { id: 'tu', tripUpdate: { trip: { tripId: 't1' }, stopTimeUpdate: [] } },
      ])),
      // The same fix of bus 7 still in the next snapshot (it has not reported since): read once.
      'm.pbf': feed(1_762_463_030, [bus('7', { atS: 1_762_462_990, lat: 44.6, lon: -63.55, bearing: 45, speed: 8.25, trip }), bus('8', { lat: 44.71, lon: -63.61 })]),
      'PROVENANCE.md': '# not a snapshot',
    })
    const trace = await readTrace(folder, { timeZone: 'America/Halifax' })
    expect(trace.format.name).toBe('gtfs-rt-pb')
    const journeyStartMs = Date.UTC(2025, 10, 6, 20, 40) // 16:40 in Halifax (UTC-4)
    expect(trace.records).toEqual([
      { vehicleId: '7', atMs: 1_762_462_990_000, lat: expect.closeTo(44.6, 5), lon: expect.closeTo(-63.55, 5), bearingDeg: 45, speedMps: 8.25, tripId: 't1', routeId: 'r1', journeyStartMs },
      { vehicleId: '8', atMs: 1_762_463_000_000, lat: expect.closeTo(44.7, 5), lon: expect.closeTo(-63.6, 5) },
      { vehicleId: '8', atMs: 1_762_463_030_000, lat: expect.closeTo(44.71, 5), lon: expect.closeTo(-63.61, 5) },
      { vehicleId: '7', atMs: 1_762_463_055_000, lat: expect.closeTo(44.62, 5), lon: expect.closeTo(-63.57, 5), tripId: 't1', routeId: 'r1', journeyStartMs },
    ])
    expect(trace.repeatsDropped).toBe(1)
    expect(trace.vehicles).toBe(2)
    expect(trace.skipped.count).toBe(0)
  })

  it('keeps the first of two snapshots that disagree about one fix: the one published first', async () => {
    const folder = await folderOf('vp-order', {
      'b.pb': feed(100_000_100, [bus('1', { atS: 100_000_050, lat: 1, lon: 1 })]),
      'c.pb': feed(100_000_060, [bus('1', { atS: 100_000_050, lat: 2, lon: 2 })]),
    })
    expect((await readTrace(folder)).records.map((r) => r.lat)).toEqual([2])
  })

  it('counts a snapshot it cannot decode and entities it cannot read, and reads the rest', async () => {
    const folder = await folderOf('vp-bad', {
      '1.pb': feed(1_000_000_000, [bus('ok', { lat: 10, lon: 10 }), bus('no place', { lat: 10, lon: 10 }), bus('far', { lat: 95, lon: 10 })]),
      '2.pb': Buffer.from('this is not protobuf, it is text'),
    })
    const trace = await readTrace(folder)
    expect(trace.records.map((r) => r.vehicleId)).toEqual(['ok'])
    expect(trace.skipped.byReason).toEqual({ invalid_vehicle_id: 1, invalid_position: 1, unreadable_snapshot: 1 })
    expect(trace.skipped.examples.find((e) => e.reason === 'invalid_position')!.detail).toMatch(/^1\.pb entity e-far: /)
    expect(trace.skipped.examples.find((e) => e.reason === 'unreadable_snapshot')!.detail).toMatch(/2\.pb is not a GTFS-Realtime FeedMessage: /)
  })

  it('reads one snapshot file as a trace, and says so when that file is not a FeedMessage', async () => {
    const file = join(dir, 'one.pb')
    await writeFile(file, feed(1_000_000_000, [bus('x', { lat: 1, lon: 2 })]))
    expect((await readTrace(file)).records).toEqual([{ vehicleId: 'x', atMs: 1_000_000_000_000, lat: 1, lon: 2 }])
    const bad = join(dir, 'bad.pb')
    await writeFile(bad, 'not protobuf at all')
    await expect(readTrace(bad)).rejects.toMatchObject({ code: 'TRACE_UNREADABLE', message: expect.stringContaining('is not a GTFS-Realtime FeedMessage') })
  })
})
