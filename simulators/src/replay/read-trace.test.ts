import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'
import { MPS_PER_MPH } from './trace-formats.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-read-trace-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function traceFile(name: string, lines: string[], options: { gzip?: boolean } = {}): Promise<string> {
  const path = join(dir, name)
  const text = `${lines.join('\n')}\n`
  await writeFile(path, options.gzip ? gzipSync(text) : text)
  return path
}

const AMMAN_HEADER = 'ping_time_local,route,route_source,bus_id,lat,lon,bearing,direction,plate_number,stop_id,source_file'

describe('readTrace: Amman BRT logs', () => {
  it('reads gzip, turns Jordan local time into the exact UTC instant and leaves out bearing 0 (unknown)', async () => {
    const path = await traceFile('amman.csv.gz', [
      AMMAN_HEADER,
      '2025-11-11T17:06:59.243497,99,inferred,10975,31.945284,35.9287,0,0,58-10975,10635,The precious data/log_2025-11-11.csv',
      '2025-11-11T17:07:42.5,99,inferred,59197,31.383787,41.08924,286.39,0,58-59197,10612,data/log_2025-11-13.csv',
    ], { gzip: true })
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('amman-brt')
    expect(trace.timeZone).toBe('Asia/Amman')
    expect(trace.records).toEqual([
      { vehicleId: '10975', atMs: Date.UTC(2025, 10, 11, 14, 6, 59, 243), lat: 31.945284, lon: 35.9287, routeId: '99', stopId: '10635', direction: '0' },
      // The glitch far outside Amman is a position like any other: replay publishes what was recorded.
      { vehicleId: '59197', atMs: Date.UTC(2025, 10, 11, 14, 7, 42, 500), lat: 31.383787, lon: 41.08924, bearingDeg: 286.39, routeId: '99', stopId: '10612', direction: '0' },
    ])
    expect(new Date(trace.records[0]!.atMs).toISOString()).toBe('2025-11-11T14:06:59.243Z')
    expect(trace.skipped.count).toBe(0)
  })

  it('reads local times in the zone it is given', async () => {
    const path = await traceFile('amman-utc.csv', [AMMAN_HEADER, '2025-11-11T17:06:59,99,inferred,10975,31.9,35.9,0,0,p,1,f'])
    const trace = await readTrace(path, { timeZone: 'UTC' })
    expect(trace.records[0]!.atMs).toBe(Date.UTC(2025, 10, 11, 17, 6, 59))
  })

  it('counts rows it cannot read by reason, keeps the others, and sorts by time', async () => {
    const path = await traceFile('amman-bad.csv', [
      AMMAN_HEADER,
      '2025-11-11T17:10:00,99,inferred,3,31.9,35.9,10,0,p,1,f',
      '2025-11-11T17:09:00,99,inferred,2,31.9,35.9,10,0,p,1,f',
      '2025-11-11T17:11:00,99,inferred,4,31.9,35.9,10,0,p,1',
      'yesterday,99,inferred,5,31.9,35.9,10,0,p,1,f',
      '2025-11-11T17:12:00,99,inferred,6,,35.9,10,0,p,1,f',
      '2025-11-11T17:12:00,99,inferred,7,95,35.9,10,0,p,1,f',
      '2025-11-11T17:12:00,99,inferred,bus 8,31.9,35.9,10,0,p,1,f',
      '2025-11-11T17:12:00,99,inferred,9,31.9,35.9,north,0,p,1,f',
      '2025-11-31T17:12:00,99,inferred,10,31.9,35.9,10,0,p,1,f',
      '2025-11-11T17:12:00,99,inferred,11,31.9,35.9,10,0,p,1,"unterminated',
      '',
    ])
    const trace = await readTrace(path)
    expect(trace.records.map((r) => r.vehicleId)).toEqual(['2', '3'])
    expect(trace.sortedInFile).toBe(false)
    expect(trace.skipped.count).toBe(8)
    expect(trace.skipped.byReason).toEqual({
      wrong_field_count: 1, invalid_time: 2, invalid_position: 2, invalid_vehicle_id: 1, invalid_bearing: 1, unterminated_quote: 1,
    })
    expect(trace.skipped.examples[0]).toEqual({ line: 4, reason: 'wrong_field_count', detail: '10 fields, the header has 11' })
  })
})

describe('readTrace: CapMetro Austin AVL', () => {
  it('reads offsets, converts miles per hour to m/s and keeps trip and route', async () => {
    const path = await traceFile('austin.csv.gz', [
      'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign',
      '2010,2015-03-07T10:05:34-06:00,0.0,320,1388007,30.231535,-97.73347,NORTHBOUND',
      '10105,2015-03-07T01:21:29-06:00,59.8100013733,550,1392169,30.536674,-97.83325,NORTHBOUND',
    ], { gzip: true })
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('capmetro-austin')
    expect(trace.records).toEqual([
      { vehicleId: '10105', atMs: Date.UTC(2015, 2, 7, 7, 21, 29), lat: 30.536674, lon: -97.83325, speedMps: 26.737, tripId: '1392169', routeId: '550' },
      { vehicleId: '2010', atMs: Date.UTC(2015, 2, 7, 16, 5, 34), lat: 30.231535, lon: -97.73347, speedMps: 0, tripId: '1388007', routeId: '320' },
    ])
    expect(26.737).toBeCloseTo(59.81 * MPS_PER_MPH, 2)
  })
})

const SIRI_HEADER = 'RecordedAtTime,ItemIdentifier,MonitoringRef,MonitoredVehicleJourney,LineRef,DirectionRef,PublishedLineName,OperatorRef,'
  + 'DestinationRef,OriginAimedDepartureTime,VehicleLocation,VehicleRef,MonitoredCall,Longitude,Latitude,StopPointRef,VehicleAtStop,'
  + 'ExpectedArrivalTime,request_id,call_time_toServer,AimedArrivalTime,ArrivalStatus'

/** A SIRItoGTFS row: one vehicle fix as seen from one monitored stop in one server call. */
function siriRow(fix: { at: string; vehicle: string; lat: number; lon: number; stop: string; request: number; journeyStart?: string }): string {
  return `${fix.at},1,${fix.stop},,17511,2,4,32,13543,${fix.journeyStart ?? '2017-07-19T05:00:00.000+03:00'},,${fix.vehicle},,${fix.lon},${fix.lat},${fix.stop},,`
    + `2017-07-19T05:22:00.000+03:00,${fix.request},2017-07-19 05:00:03,,`
}

describe('readTrace: SIRI vehicle monitoring (SIRItoGTFS table)', () => {
  it('reads offsets, LineRef as the route, OriginAimedDepartureTime as the journey\'s start, and gives each fix once although the table repeats it per stop and call', async () => {
    const path = await traceFile('siri.csv', [
      SIRI_HEADER,
      siriRow({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', lat: 31.2801, lon: 34.8217, stop: '669', request: 601 }),
      siriRow({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', lat: 31.2801, lon: 34.8217, stop: '11262', request: 601 }),
      siriRow({ at: '2017-07-19T05:00:00.000+03:00', vehicle: '3633478', lat: 31.25, lon: 34.79, stop: '669', request: 601 }),
      siriRow({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', lat: 31.2801, lon: 34.8217, stop: '669', request: 602 }),
      siriRow({ at: '2017-07-19T05:00:45.000+03:00', vehicle: '4348808', lat: 31.2803, lon: 34.8212, stop: '669', request: 603 }),
      siriRow({ at: '2017-07-19 05:01:00', vehicle: '4348808', lat: 31.2805, lon: 34.8210, stop: '669', request: 604 }),
    ])
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('siri-vm')
    expect(trace.timeZone).toBeNull()
    expect(trace.records).toEqual([
      { vehicleId: '3633478', atMs: Date.UTC(2017, 6, 19, 2, 0, 0), lat: 31.25, lon: 34.79, routeId: '17511', journeyStartMs: Date.UTC(2017, 6, 19, 2, 0, 0) },
      { vehicleId: '4348808', atMs: Date.UTC(2017, 6, 19, 2, 0, 15), lat: 31.2801, lon: 34.8217, routeId: '17511', journeyStartMs: Date.UTC(2017, 6, 19, 2, 0, 0) },
      { vehicleId: '4348808', atMs: Date.UTC(2017, 6, 19, 2, 0, 45), lat: 31.2803, lon: 34.8212, routeId: '17511', journeyStartMs: Date.UTC(2017, 6, 19, 2, 0, 0) },
    ])
    expect(trace.repeatsDropped).toBe(2)
    expect(trace.vehicles).toBe(2)
    expect(trace.skipped.byReason).toEqual({ time_without_zone: 1 })
  })

  it('skips a row whose journey start is not a time, counted by reason', async () => {
    const trace = await readTrace(await traceFile('siri-bad-journey.csv', [
      SIRI_HEADER,
      siriRow({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', lat: 31.2801, lon: 34.8217, stop: '669', request: 1, journeyStart: 'soon' }),
      siriRow({ at: '2017-07-19T05:00:45.000+03:00', vehicle: '4348808', lat: 31.2803, lon: 34.8212, stop: '669', request: 2 }),
    ]))
    expect(trace.records.map((r) => r.atMs)).toEqual([Date.UTC(2017, 6, 19, 2, 0, 45)])
    expect(trace.skipped.byReason).toEqual({ invalid_journey_start: 1 })
  })

  it('keeps a repeated fix in formats that record repeats as they came (Amman)', async () => {
    const row = '2025-11-11T17:06:59,99,inferred,10975,31.9,35.9,0,0,p,1,f'
    const trace = await readTrace(await traceFile('amman-repeats.csv', [AMMAN_HEADER, row, row]))
    expect(trace.records).toHaveLength(2)
    expect(trace.repeatsDropped).toBe(0)
  })
})

describe('readTrace: generic CSV', () => {
  it('reads vehicle,time,lat,lon with optional bearing (0 is north), speed in m/s and trip; CRLF and BOM included', async () => {
    const path = await traceFile('generic.csv', [
      '\uFEFFvehicle,time,lat,lon,bearing,speed,trip\r',
      'bus-1,2026-11-23T08:00:00Z,31.95,35.91,0,8.5,t1\r',
      'bus-1,1795420805,31.951,35.911,,,\r',
      'bus-2,1795420806000,31.952,35.912,90,,t2\r',
    ])
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('generic')
    expect(trace.records).toEqual([
      { vehicleId: 'bus-1', atMs: Date.UTC(2026, 10, 23, 8), lat: 31.95, lon: 35.91, bearingDeg: 0, speedMps: 8.5, tripId: 't1' },
      { vehicleId: 'bus-1', atMs: 1795420805000, lat: 31.951, lon: 35.911 },
      { vehicleId: 'bus-2', atMs: 1795420806000, lat: 31.952, lon: 35.912, bearingDeg: 90, tripId: 't2' },
    ])
  })

  it('skips times without an offset unless a time zone is given', async () => {
    const path = await traceFile('generic-local.csv', ['vehicle,time,lat,lon', 'bus-1,2026-11-23 08:00:00,31.95,35.91'])
    expect((await readTrace(path)).skipped.byReason).toEqual({ time_without_zone: 1 })
    expect((await readTrace(path, { timeZone: 'Asia/Amman' })).records[0]!.atMs).toBe(Date.UTC(2026, 10, 23, 5))
  })
})

describe('readTrace: plain CSV with the usual column names', () => {
  it('reads any mix of the usual names (vehicle_id, timestamp, latitude, lng, trip_id, route_id), whatever their order', async () => {
    const path = await traceFile('plain.csv', [
      'Route_ID,lng,vehicle_id,Trip_ID,latitude,timestamp,speed',
      '7,35.91,bus-1,t1,31.95,2026-11-23T10:00:00+02:00,4.5',
      '7,35.92,bus-1,t1,31.96,1795420805,',
    ])
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('generic')
    expect(trace.records).toEqual([
      { vehicleId: 'bus-1', atMs: Date.UTC(2026, 10, 23, 8), lat: 31.95, lon: 35.91, speedMps: 4.5, tripId: 't1', routeId: '7' },
      { vehicleId: 'bus-1', atMs: 1795420805000, lat: 31.96, lon: 35.92, tripId: 't1', routeId: '7' },
    ])
  })

  it('tells epoch seconds from milliseconds by their size, and reads ISO times without an offset in the zone given', async () => {
    const path = await traceFile('plain-times.csv', [
      'vehicle,time,lat,lon',
      'a,1795420805,31.9,35.9',
      'a,1795420806500,31.9,35.9',
      'a,2026-11-23 11:00:07,31.9,35.9',
      'a,2026-11-23T11:00:08.250,31.9,35.9',
    ])
    const trace = await readTrace(path, { timeZone: 'Asia/Amman' })
    expect(trace.records.map((r) => r.atMs)).toEqual([1795420805000, 1795420806500, Date.UTC(2026, 10, 23, 8, 0, 7), Date.UTC(2026, 10, 23, 8, 0, 8, 250)])
  })

  it('reads a plain vehicle_id,timestamp,latitude,longitude CSV as such, not as CapMetrics (miles per hour, Austin time)', async () => {
    const path = await traceFile('plain-like-austin.csv', ['vehicle_id,timestamp,speed,latitude,longitude', 'b,2026-11-23T08:00:00Z,10,31.9,35.9'])
    const trace = await readTrace(path)
    expect(trace.format.name).toBe('generic')
    expect(trace.timeZone).toBeNull()
    expect(trace.records[0]!.speedMps).toBe(10)
  })
})

describe('readTrace: GTFS-Realtime VehiclePositions flattened to CSV', () => {
  // Field paths of https://gtfs.org/realtime/reference/#message-vehicleposition, joined with dots.
  it('reads the vehicle.-prefixed paths: epoch seconds, speed in m/s, trip, route, and the trip start in the zone given', async () => {
    const path = await traceFile('vp.csv', [
      'header.timestamp,entity.id,vehicle.trip.trip_id,vehicle.trip.route_id,vehicle.trip.start_time,vehicle.trip.start_date,'
        + 'vehicle.position.latitude,vehicle.position.longitude,vehicle.position.bearing,vehicle.position.speed,vehicle.timestamp,vehicle.vehicle.id,vehicle.vehicle.label',
      '1762462979,526,3789838,320,16:40:00,20251106,44.8104515,-63.5996399,,22.352,1762462969,2526,526',
      // No timestamp of its own: the feed's (GTFS-rt reference, VehiclePosition.timestamp).
      '1762462979,527,3789839,320,25:10:00,20251106,44.81,-63.6,90,,,2527,527',
    ])
    const trace = await readTrace(path, { timeZone: 'America/Halifax' })
    expect(trace.format.name).toBe('gtfs-rt-csv')
    expect(trace.records).toEqual([
      { vehicleId: '2526', atMs: 1762462969000, lat: 44.8104515, lon: -63.5996399, speedMps: 22.352, tripId: '3789838', routeId: '320', journeyStartMs: Date.UTC(2025, 10, 6, 20, 40) },
      // 25:10:00 on the service day of 6 November is 01:10 on the 7th (Halifax is UTC-4 in November).
      { vehicleId: '2527', atMs: 1762462979000, lat: 44.81, lon: -63.6, bearingDeg: 90, tripId: '3789839', routeId: '320', journeyStartMs: Date.UTC(2025, 10, 7, 5, 10) },
    ])
  })

  it('reads the paths without the vehicle. prefix; without a zone the trip start is left out, and a bad one is counted', async () => {
    const path = await traceFile('vp-short.csv', [
      'id,trip.trip_id,trip.start_date,trip.start_time,position.latitude,position.longitude,timestamp,vehicle.id',
      '1,t9,20251106,08:00:00,44.6,-63.5,1762462900,v1',
      '1,t9,20251131,08:00:00,44.6,-63.5,1762462930,v1',
      // Concatenated snapshots repeat a fix until the vehicle reports again: read once.
      '1,t9,20251106,08:00:00,44.6,-63.5,1762462900,v1',
    ])
    const trace = await readTrace(path)
    expect(trace.records).toEqual([{ vehicleId: 'v1', atMs: 1762462900000, lat: 44.6, lon: -63.5, tripId: 't9' }])
    expect(trace.repeatsDropped).toBe(1)
    expect((await readTrace(path, { timeZone: 'UTC' })).skipped.byReason).toEqual({ invalid_journey_start: 1 })
  })
})

describe('readTrace: traces it cannot read', () => {
  it('names every layout it reads, with its columns, when it recognises none', async () => {
    const path = await traceFile('unknown.csv', ['id,when,y,x', '1,2,3,4'])
    const error = await readTrace(path).catch((err: unknown) => err)
    expect(error).toMatchObject({ code: 'TRACE_UNKNOWN_FORMAT', name: 'TraceError' })
    const { message } = error as Error
    expect(message).toContain('has the columns id,when,y,x')
    for (const layout of [
      'amman-brt (bus_id,ping_time_local,lat,lon', 'capmetro-austin (vehicle_id,timestamp,latitude,longitude', 'siri-vm (VehicleRef,RecordedAtTime,Latitude,Longitude',
      'gtfs-rt-csv (vehicle.vehicle.id|vehicle.id', 'generic (vehicle_id|vehicle,timestamp|time,lat|latitude,lon|lng|longitude[,bearing,speed,trip_id|trip,route_id|route])',
      'gtfs-rt-pb (', '(.pb, .pbf, .pb.gz) or a folder of them', 'siri-vm-xml (MonitoredVehicleJourney/VehicleRef,RecordedAtTime', '(.xml, .xml.gz) or a folder of them',
    ]) expect(message).toContain(layout)
  })

  it('says the same of a file of another type (a zip), without its binary header', async () => {
    const path = join(dir, 'feed.zip')
    await writeFile(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x0a, 0x2c, 0x61]))
    const error = (await readTrace(path).catch((err: unknown) => err)) as Error & { code: string }
    expect(error.code).toBe('TRACE_UNKNOWN_FORMAT')
    expect(error.message).toMatch(/has the columns PK\?+; a trace is a CSV trace with the columns of one of: amman-brt/)
  })

  it('says what a folder without snapshots should hold', async () => {
    const folder = join(dir, 'no-snapshots')
    await mkdir(folder)
    await writeFile(join(folder, 'notes.txt'), 'nothing here')
    await expect(readTrace(folder)).rejects.toMatchObject({ code: 'TRACE_UNKNOWN_FORMAT', message: expect.stringContaining('holds no snapshot file (.pb, .pbf, .xml, optionally .gz); a trace is a CSV trace with the columns of one of: amman-brt') })
  })

  it('says so for a missing file, an empty one and an unknown time zone', async () => {
    await expect(readTrace(join(dir, 'absent.csv'))).rejects.toMatchObject({ code: 'TRACE_NOT_FOUND' })
    await expect(readTrace(await traceFile('empty.csv', []))).rejects.toMatchObject({ code: 'TRACE_EMPTY' })
    const path = await traceFile('zone.csv', ['vehicle,time,lat,lon'])
    await expect(readTrace(path, { timeZone: 'Asia/Nowhere' })).rejects.toMatchObject({ code: 'TRACE_INVALID_TIME_ZONE' })
  })

  it('reports a corrupt gzip file as unreadable', async () => {
    const path = join(dir, 'corrupt.csv.gz')
    await writeFile(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]))
    await expect(readTrace(path)).rejects.toMatchObject({ code: 'TRACE_UNREADABLE' })
  })
})
