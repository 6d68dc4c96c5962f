import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { haversineM } from '@masar/model/geo/polyline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCapMetricsSchedule, type CapMetricsScheduleOptions } from './capmetrics-schedule.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-capmetrics-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function csvFile(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name)
  const text = `${lines.join('\n')}\n`
  await writeFile(path, name.endsWith('.gz') ? gzipSync(text) : text)
  return path
}

const SCHEDULE_HEADER = 'trip_id,arrival_time,stop_id,sunday,monday,tuesday,wednesday,thursday,friday,saturday'
const SATURDAY = '0,0,0,0,0,0,1'
const FRIDAY = '0,0,0,0,0,1,0'
const STOPS = { a: [30.2672, -97.7431], b: [30.2700, -97.7400], c: [30.2750, -97.7350] } as const

/** The three CapMetrics files of one small made-up day, Saturday 2015-03-07. */
async function capMetricsFiles(): Promise<Omit<CapMetricsScheduleOptions, 'serviceDate'>> {
  return {
    schedulePath: await csvFile('schedule.csv', [
      SCHEDULE_HEADER,
      // Listed out of arrival order: the order of a trip's stops is its arrival order.
      `sat-1,08:05:00,b,${SATURDAY}`, `sat-1,08:00:00,a,${SATURDAY}`, `sat-1,08:10:00,c,${SATURDAY}`,
      // Friday's owl trip, past midnight into Saturday (GTFS times may pass 24:00:00).
      `fri-owl,24:30:00,c,${FRIDAY}`, `fri-owl,24:40:00,a,${FRIDAY}`,
      `fri-day,12:00:00,a,${FRIDAY}`, `fri-day,12:10:00,b,${FRIDAY}`, // runs on Friday only: not Saturday's
      `sat-untracked,09:00:00,a,${SATURDAY}`, `sat-untracked,09:10:00,b,${SATURDAY}`, // no vehicle ran it in the AVL
      `sat-unknown-stop,10:00:00,a,${SATURDAY}`, `sat-unknown-stop,10:10:00,zzz,${SATURDAY}`,
    ]),
    stopsPath: await csvFile('stops.csv.gz', [
      'stop_id,stop_name,stop_lat,stop_lon',
      ...Object.entries(STOPS).map(([id, [lat, lon]]) => `${id},Stop ${id.toUpperCase()},${lat},${lon}`),
      'd,Unused,30.3,-97.7',
    ]),
    avlPath: await csvFile('avl.csv.gz', [
      'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign',
      '2010,2015-03-07T00:31:00-06:00,0.0,480,fri-owl,30.275,-97.735,SOUTHBOUND',
      '2011,2015-03-07T08:01:00-06:00,12.0,7,sat-1,30.2673,-97.7430,NORTHBOUND',
      '2011,2015-03-07T08:06:00-06:00,12.0,7,sat-1,30.2701,-97.7399,NORTHBOUND',
      '2012,2015-03-07T12:01:00-06:00,0.0,7,fri-day,30.2673,-97.7430,NORTHBOUND',
      '2013,2015-03-07T10:01:00-06:00,0.0,7,sat-unknown-stop,30.2673,-97.7430,NORTHBOUND',
      '2014,2015-03-07T11:01:00-06:00,0.0,9,not-in-schedule,30.2673,-97.7430,NORTHBOUND',
    ]),
  }
}

describe('readCapMetricsSchedule', () => {
  it("holds the AVL's trips of the day in arrival order, on straight-line shapes through their stops", async () => {
    const schedule = await readCapMetricsSchedule({ ...(await capMetricsFiles()), serviceDate: '2015-03-07' })
    expect(schedule.timeZone).toBe('America/Chicago')
    expect([...schedule.trips.keys()]).toEqual(['fri-owl', 'sat-1'])
    const trip = schedule.trips.get('sat-1')!
    expect(trip).toMatchObject({ routeId: '7', serviceId: 'weekly-sat', blockId: null, directionId: null, shapeId: 'sat-1', headsign: 'NORTHBOUND', stopIds: ['a', 'b', 'c'] })
    expect([...trip.arrivals]).toEqual([8 * 3600, 8 * 3600 + 300, 8 * 3600 + 600])
    expect([...trip.departures]).toEqual([...trip.arrivals])
    const ab = haversineM(...STOPS.a, ...STOPS.b)
    const bc = haversineM(...STOPS.b, ...STOPS.c)
    expect(trip.distancesM[0]).toBe(0)
    expect(trip.distancesM[1]).toBeCloseTo(ab, 6)
    expect(trip.distancesM[2]).toBeCloseTo(ab + bc, 6)
    const shape = schedule.shapes.get('sat-1')!
    expect([...shape.lats]).toEqual([STOPS.a[0], STOPS.b[0], STOPS.c[0]])
    expect([...shape.lons]).toEqual([STOPS.a[1], STOPS.b[1], STOPS.c[1]])
    expect(shape.distancesM[2]).toBeCloseTo(ab + bc, 6)
    expect(schedule.stops.get('b')).toEqual({ stopId: 'b', code: null, name: 'Stop B', translations: {}, lat: STOPS.b[0], lon: STOPS.b[1] })
    expect([...schedule.stops.keys()].sort()).toEqual(['a', 'b', 'c']) // only the stops its trips call at
    expect([...schedule.routes.values()]).toEqual([
      { routeId: '480', shortName: '480', longName: null, type: 3, color: null },
      { routeId: '7', shortName: '7', longName: null, type: 3, color: null },
    ])
  })

  it("runs the day's trips on the day and Friday's owl trips on Friday, each trip a bus of its own", async () => {
    const schedule = await readCapMetricsSchedule({ ...(await capMetricsFiles()), serviceDate: '2015-03-07' })
    expect(schedule.servicesOn('2015-03-07')).toEqual(new Set(['weekly-sat']))
    expect(schedule.servicesOn('2015-03-06')).toEqual(new Set(['weekly-fri']))
    expect(schedule.servicesOn('2015-03-14')).toEqual(new Set()) // the next Saturday is not in this schedule
    const owl = schedule.trips.get('fri-owl')!
    expect(owl).toMatchObject({ serviceId: 'weekly-fri', stopIds: ['c', 'a'], routeId: '480', headsign: 'SOUTHBOUND' })
    expect([...owl.arrivals]).toEqual([24 * 3600 + 1800, 24 * 3600 + 2400])
    expect(schedule.blocksOn('2015-03-07').map((block) => block.blockId)).toEqual(['trip:sat-1'])
  })

  it('holds several days (one AVL file each): the trips run on any of them, each service from the day before the first to the last', async () => {
    const files = await capMetricsFiles()
    const friday = await csvFile('avl-friday.csv', [
      'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign',
      '2012,2015-03-06T12:01:00-06:00,0.0,7,fri-day,30.2673,-97.7430,NORTHBOUND',
    ])
    const schedule = await readCapMetricsSchedule({ ...files, avlPath: [friday, files.avlPath as string], serviceDate: ['2015-03-07', '2015-03-06'] })
    expect([...schedule.trips.keys()].sort()).toEqual(['fri-day', 'fri-owl', 'sat-1'])
    expect(schedule.servicesOn('2015-03-06')).toEqual(new Set(['weekly-fri']))
    expect(schedule.servicesOn('2015-03-07')).toEqual(new Set(['weekly-sat']))
    expect(schedule.servicesOn('2015-03-05')).toEqual(new Set()) // Thursday, before the owl's Friday
    // one day alone still leaves out the trips of the other
    expect([...(await readCapMetricsSchedule({ ...files, avlPath: [friday, files.avlPath as string], serviceDate: '2015-03-07' })).trips.keys()]).toEqual(['fri-owl', 'sat-1'])
  })

  it('says what is wrong with a service date, a missing file or a missing column', async () => {
    const files = await capMetricsFiles()
    await expect(readCapMetricsSchedule({ ...files, serviceDate: '2015-02-30' })).rejects.toMatchObject({ code: 'GTFS_INVALID_SERVICE_DATE' })
    await expect(readCapMetricsSchedule({ ...files, avlPath: join(dir, 'absent.csv.gz'), serviceDate: '2015-03-07' }))
      .rejects.toMatchObject({ code: 'GTFS_NOT_FOUND', message: expect.stringContaining('absent.csv.gz') })
    const noFlags = await csvFile('no-flags.csv', ['trip_id,arrival_time,stop_id', 'sat-1,08:00:00,a'])
    await expect(readCapMetricsSchedule({ ...files, schedulePath: noFlags, serviceDate: '2015-03-07' }))
      .rejects.toMatchObject({ code: 'GTFS_MISSING_COLUMN', message: expect.stringContaining('has no column monday, tuesday') })
  })
})
