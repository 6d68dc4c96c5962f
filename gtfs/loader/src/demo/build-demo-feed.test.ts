import { parseGtfsTime } from '@masar/model/gtfs/gtfs-time'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { AMMAN_FLEET_SIZE, buildAmmanDemoFeed, DEFAULT_DEMO_SEED } from './build-demo-feed.js'
import { distanceMetres } from './geo.js'
import { parseFeedTables, summarizeFeed } from './summarize-demo-feed.js'

const files = buildAmmanDemoFeed({ seed: DEFAULT_DEMO_SEED })
const tables = parseFeedTables(files)
const rowsOf = (fileName: string) => tables[fileName] ?? []
const time = (text: string | undefined) => parseGtfsTime(text ?? '') ?? Number.NaN
const ARABIC_LETTER = /[\u0621-\u064A]/

const stopTimesByTrip = new Map<string, Record<string, string>[]>()
for (const row of rowsOf('stop_times.txt')) {
  const list = stopTimesByTrip.get(row.trip_id!) ?? []
  list.push(row)
  stopTimesByTrip.set(row.trip_id!, list)
}
const englishStopNames = new Map(
  rowsOf('translations.txt')
    .filter((t) => t.table_name === 'stops' && t.field_name === 'stop_name' && t.language === 'en')
    .map((t) => [t.record_id!, t.translation!]),
)

describe('buildAmmanDemoFeed', () => {
  it('gives byte-identical files for the same seed, and other ones for another seed', () => {
    expect(buildAmmanDemoFeed({ seed: DEFAULT_DEMO_SEED })).toEqual(files)
    expect(buildAmmanDemoFeed({ seed: DEFAULT_DEMO_SEED + 1 })['shapes.txt']).not.toEqual(files['shapes.txt'])
  })

  it('matches the checked-in demo-feed/ (after changing the generator, run generate-demo-feed-cli.ts)', async () => {
    for (const [fileName, text] of Object.entries(files)) {
      const checkedIn = await readFile(new URL(`../../demo-feed/${fileName}`, import.meta.url), 'utf8')
      expect(checkedIn === text, `demo-feed/${fileName} is out of date`).toBe(true)
    }
  })

  it('writes the GTFS files as UTF-8 CSV with LF line ends and no byte-order mark', () => {
    expect(Object.keys(files).sort()).toEqual([
      'agency.txt', 'calendar.txt', 'calendar_dates.txt', 'feed_info.txt', 'frequencies.txt', 'routes.txt', 'shapes.txt', 'stop_times.txt',
      'stops.txt', 'translations.txt', 'trips.txt',
    ])
    for (const text of Object.values(files)) {
      expect(text.startsWith('\uFEFF')).toBe(false)
      expect(text.includes('\r')).toBe(false)
      expect(text.endsWith('\n')).toBe(true)
    }
  })

  it('quotes fields with commas so that they round-trip', () => {
    expect(files['translations.txt']).toContain('"Downtown (Al-Balad), Al-Husseini Mosque"')
    expect([...englishStopNames.values()]).toContain('Downtown (Al-Balad), Al-Husseini Mosque')
    expect([...englishStopNames.values()].filter((name) => name.includes(',')).length).toBeGreaterThan(100)
  })

  it('is published by the Greater Amman Municipality in Arabic, Amman time', () => {
    expect(rowsOf('agency.txt')).toEqual([
      { agency_id: 'GAM', agency_name: 'أمانة عمّان الكبرى', agency_url: 'https://www.ammancity.gov.jo', agency_timezone: 'Asia/Amman', agency_lang: 'ar' },
    ])
    expect(rowsOf('translations.txt')).toContainEqual(
      expect.objectContaining({ table_name: 'agency', field_name: 'agency_name', language: 'en', translation: 'Greater Amman Municipality', record_id: 'GAM' }),
    )
    expect(rowsOf('feed_info.txt')[0]).toMatchObject({ feed_lang: 'ar', feed_start_date: '20260101', feed_end_date: '20261231' })
  })

  it('runs 25–30 bus routes, among them the BRT', () => {
    const routes = rowsOf('routes.txt')
    expect(routes.length).toBeGreaterThanOrEqual(25)
    expect(routes.length).toBeLessThanOrEqual(30)
    expect(routes.every((r) => r.route_type === '3' && r.agency_id === 'GAM')).toBe(true)
    expect(routes.map((r) => r.route_short_name)).toContain('BRT1')
  })

  it('has 550–650 stops with unique numeric codes, Arabic names and English translations', () => {
    const stops = rowsOf('stops.txt')
    expect(stops.length).toBeGreaterThanOrEqual(550)
    expect(stops.length).toBeLessThanOrEqual(650)
    expect(new Set(stops.map((s) => s.stop_id)).size).toBe(stops.length)
    expect(new Set(stops.map((s) => s.stop_code)).size).toBe(stops.length)
    for (const stop of stops) {
      expect(stop.stop_code).toMatch(/^\d+$/)
      expect(stop.stop_name).toMatch(ARABIC_LETTER)
      expect(englishStopNames.get(stop.stop_id!)).toMatch(/[A-Za-z]/)
    }
    expect(englishStopNames.size).toBe(stops.length)
  })

  it('keeps every stop and shape point inside Amman', () => {
    const points = [
      ...rowsOf('stops.txt').map((s) => [Number(s.stop_lat), Number(s.stop_lon)]),
      ...rowsOf('shapes.txt').map((p) => [Number(p.shape_pt_lat), Number(p.shape_pt_lon)]),
    ]
    const outside = points.filter(([lat, lon]) => !(lat! >= 31.85 && lat! <= 32.1 && lon! >= 35.8 && lon! <= 36.05))
    expect(outside).toEqual([])
    expect(points.length).toBeGreaterThan(2000)
  })

  it('references only what exists', () => {
    const ids = (fileName: string, column: string) => new Set(rowsOf(fileName).map((r) => r[column]))
    const stopIds = ids('stops.txt', 'stop_id')
    const tripIds = ids('trips.txt', 'trip_id')
    const routeIds = ids('routes.txt', 'route_id')
    const serviceIds = ids('calendar.txt', 'service_id')
    const shapeIds = ids('shapes.txt', 'shape_id')
    expect(rowsOf('stop_times.txt').every((st) => stopIds.has(st.stop_id) && tripIds.has(st.trip_id))).toBe(true)
    const badTrips = rowsOf('trips.txt').filter(
      (t) => !routeIds.has(t.route_id) || !serviceIds.has(t.service_id) || !shapeIds.has(t.shape_id) || (stopTimesByTrip.get(t.trip_id!)?.length ?? 0) < 2,
    )
    expect(badTrips).toEqual([])
    expect(rowsOf('calendar_dates.txt').every((d) => serviceIds.has(d.service_id))).toBe(true)
    expect(new Set(rowsOf('trips.txt').map((t) => t.shape_id))).toEqual(shapeIds) // every shape is used
    expect(new Set(rowsOf('trips.txt').map((t) => t.route_id))).toEqual(routeIds) // every route runs
  })

  it('runs each trip forward in time and along its shape', () => {
    // GTFS stop_times.txt: times and shape_dist_traveled must not decrease along a trip; we make them increase.
    const backwards: string[] = []
    for (const [tripId, stopTimes] of stopTimesByTrip) {
      for (let i = 1; i < stopTimes.length; i++) {
        const [before, after] = [stopTimes[i - 1]!, stopTimes[i]!]
        const forward =
          Number(after.stop_sequence) > Number(before.stop_sequence) &&
          time(after.arrival_time) > time(before.departure_time) &&
          Number(after.shape_dist_traveled) > Number(before.shape_dist_traveled)
        if (!forward) backwards.push(`${tripId} #${after.stop_sequence}`)
      }
    }
    expect(backwards).toEqual([])
  })

  it('measures shape_dist_traveled in metres along the shape, consistently for shapes and stops', () => {
    const shapes = new Map<string, Record<string, string>[]>()
    for (const point of rowsOf('shapes.txt')) shapes.set(point.shape_id!, [...(shapes.get(point.shape_id!) ?? []), point])
    const stops = new Map(rowsOf('stops.txt').map((s) => [s.stop_id!, { lat: Number(s.stop_lat), lon: Number(s.stop_lon) }]))
    const checkedShapes = new Set<string>()
    for (const trip of rowsOf('trips.txt')) {
      if (checkedShapes.has(trip.shape_id!)) continue
      checkedShapes.add(trip.shape_id!)
      const shape = shapes.get(trip.shape_id!)!.map((p) => ({ lat: Number(p.shape_pt_lat), lon: Number(p.shape_pt_lon), dist: Number(p.shape_dist_traveled) }))
      for (let i = 1; i < shape.length; i++) {
        expect(shape[i]!.dist).toBeGreaterThan(shape[i - 1]!.dist)
        expect(shape[i]!.dist - shape[i - 1]!.dist).toBeCloseTo(distanceMetres(shape[i - 1]!, shape[i]!), 0)
      }
      expect(shape.length).toBeGreaterThan(stopTimesByTrip.get(trip.trip_id!)!.length) // bends between stops
      for (const stopTime of stopTimesByTrip.get(trip.trip_id!)!) {
        const dist = Number(stopTime.shape_dist_traveled)
        const next = shape.findIndex((p) => p.dist >= dist)
        const [a, b] = [shape[Math.max(0, next - 1)]!, shape[next]!]
        const fraction = b.dist === a.dist ? 0 : (dist - a.dist) / (b.dist - a.dist)
        const onShape = { lat: a.lat + (b.lat - a.lat) * fraction, lon: a.lon + (b.lon - a.lon) * fraction }
        expect(distanceMetres(onShape, stops.get(stopTime.stop_id!)!)).toBeLessThan(15) // at the kerb
      }
    }
    expect(checkedShapes.size).toBe(2 * rowsOf('routes.txt').length)
  })

  it('has exactly 206 buses in service at the weekday peak, in a peak period, and fewer on Friday', () => {
    const { peakByService } = summarizeFeed(tables)
    expect(peakByService.WEEKDAY!.buses).toBe(AMMAN_FLEET_SIZE)
    const peakAt = peakByService.WEEKDAY!.atSeconds!
    const inMorningPeak = peakAt >= time('07:00:00') && peakAt <= time('09:30:00')
    const inAfternoonPeak = peakAt >= time('14:00:00') && peakAt <= time('17:30:00')
    expect(inMorningPeak || inAfternoonPeak).toBe(true)
    expect(peakByService.FRIDAY!.buses).toBeGreaterThan(0)
    expect(peakByService.FRIDAY!.buses).toBeLessThan(AMMAN_FLEET_SIZE)
  })

  it('chains each block’s trips one after the other where the last one ended, with at least 5 minutes of recovery (5–10 at the peak, more off peak) and never 40 minutes or more', () => {
    const byBlock = new Map<string, Record<string, string>[][]>()
    for (const trip of rowsOf('trips.txt')) {
      const list = byBlock.get(trip.block_id!) ?? []
      list.push(stopTimesByTrip.get(trip.trip_id!)!)
      byBlock.set(trip.block_id!, list)
    }
    expect(byBlock.has('')).toBe(false)
    const badLayovers: string[] = []
    for (const [blockId, trips] of byBlock) {
      trips.sort((a, b) => time(a[0]!.departure_time) - time(b[0]!.departure_time))
      for (let i = 1; i < trips.length; i++) {
        const previousEnd = trips[i - 1]![trips[i - 1]!.length - 1]!
        const nextStart = trips[i]![0]!
        const layoverSeconds = time(nextStart.departure_time) - time(previousEnd.arrival_time)
        const ok = layoverSeconds >= 5 * 60 && layoverSeconds <= 40 * 60 && nextStart.stop_id === previousEnd.stop_id
        if (!ok) badLayovers.push(`${blockId} before ${nextStart.trip_id}: ${layoverSeconds} s`)
      }
    }
    expect(badLayovers).toEqual([])
  })

  it('runs the BRT from Sweileh by the University of Jordan and Sports City to Ras Al-Ain', () => {
    const brt = rowsOf('routes.txt').find((r) => r.route_short_name === 'BRT1')!
    const trip = rowsOf('trips.txt').find((t) => t.route_id === brt.route_id && t.direction_id === '0')!
    const names = stopTimesByTrip.get(trip.trip_id!)!.map((st) => englishStopNames.get(st.stop_id!) ?? '')
    const positions = ['Sweileh', 'University of Jordan', 'Sports City', 'Ras Al-Ain'].map((place) =>
      names.findIndex((name) => name.includes(place)),
    )
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('runs the BRT to a headway (frequencies.txt exact_times 0, one run per trip), every other route to its timetable', () => {
    const routeOfTrip = new Map(rowsOf('trips.txt').map((t) => [t.trip_id!, t.route_id!]))
    const frequencies = rowsOf('frequencies.txt')
    const brtTrips = rowsOf('trips.txt').filter((t) => t.route_id!.startsWith('BRT'))
    expect(frequencies.length).toBe(brtTrips.length)
    for (const f of frequencies) {
      expect(routeOfTrip.get(f.trip_id!)).toMatch(/^BRT/)
      // GTFS frequencies.txt: exact_times 0 = frequency-based; a run every headway_secs from start_time until before end_time
      expect(f.exact_times).toBe('0')
      expect(time(f.end_time!) - time(f.start_time!)).toBe(Number(f.headway_secs))
      expect(f.start_time).toBe(stopTimesByTrip.get(f.trip_id!)![0]!.departure_time)
    }
    const peakHeadways = frequencies.filter((f) => f.trip_id!.includes('-WD-') && f.start_time! >= '07:30:00' && f.start_time! < '09:00:00').map((f) => Number(f.headway_secs))
    expect(Math.max(...peakHeadways)).toBeLessThanOrEqual(15 * 60)
  })

  it('shares terminals between routes', () => {
    const routesByStop = new Map<string, Set<string>>()
    const routeOfTrip = new Map(rowsOf('trips.txt').map((t) => [t.trip_id!, t.route_id!]))
    for (const st of rowsOf('stop_times.txt')) {
      routesByStop.set(st.stop_id!, (routesByStop.get(st.stop_id!) ?? new Set()).add(routeOfTrip.get(st.trip_id!)!))
    }
    for (const terminal of ['Abdali Terminal', 'Raghadan Terminal', 'Al-Mahatta Terminal', 'Sweileh Terminal']) {
      const stopId = [...englishStopNames].find(([, name]) => name === terminal)![0]
      expect(routesByStop.get(stopId)!.size).toBeGreaterThanOrEqual(3)
    }
  })

  it('runs Saturday to Thursday on the weekday service and Friday on its own, with holidays on Friday service', () => {
    const calendar = new Map(rowsOf('calendar.txt').map((c) => [c.service_id!, c]))
    expect(calendar.get('WEEKDAY')).toMatchObject({ saturday: '1', sunday: '1', monday: '1', thursday: '1', friday: '0', start_date: '20260101' })
    expect(calendar.get('FRIDAY')).toMatchObject({ saturday: '0', sunday: '0', thursday: '0', friday: '1', end_date: '20261231' })
    // GTFS calendar_dates.txt: exception_type 2 removes the weekday service, 1 adds the Friday service (Independence Day).
    expect(rowsOf('calendar_dates.txt')).toEqual(
      expect.arrayContaining([
        { service_id: 'WEEKDAY', date: '20260525', exception_type: '2' },
        { service_id: 'FRIDAY', date: '20260525', exception_type: '1' },
      ]),
    )
  })

  it('runs from about 05:30 to after 23:30 on weekdays and starts later on Friday', () => {
    const first = new Map<string, number>()
    const last = new Map<string, number>()
    const serviceOfTrip = new Map(rowsOf('trips.txt').map((t) => [t.trip_id!, t.service_id!]))
    for (const [tripId, stopTimes] of stopTimesByTrip) {
      const serviceId = serviceOfTrip.get(tripId)!
      first.set(serviceId, Math.min(first.get(serviceId) ?? Infinity, time(stopTimes[0]!.departure_time)))
      last.set(serviceId, Math.max(last.get(serviceId) ?? 0, time(stopTimes[stopTimes.length - 1]!.arrival_time)))
    }
    expect(first.get('WEEKDAY')).toBe(time('05:30:00'))
    expect(first.get('FRIDAY')).toBeGreaterThan(first.get('WEEKDAY')!)
    // GTFS stop_times.txt: a trip that ends after midnight keeps counting hours past 24:00:00.
    expect(last.get('WEEKDAY')).toBeGreaterThan(time('24:00:00'))
  })

  it('runs buses more often in the peaks than in the evening', () => {
    const departures = rowsOf('trips.txt')
      .filter((t) => t.route_id === 'BRT1' && t.service_id === 'WEEKDAY' && t.direction_id === '0')
      .map((t) => time(stopTimesByTrip.get(t.trip_id!)![0]!.departure_time))
    const count = (from: string, to: string) => departures.filter((d) => d >= time(from) && d < time(to)).length
    expect(count('07:30:00', '09:00:00')).toBeGreaterThan(2 * count('21:00:00', '22:30:00'))
    expect(count('15:00:00', '16:30:00')).toBeGreaterThan(count('10:30:00', '12:00:00'))
  })
})
