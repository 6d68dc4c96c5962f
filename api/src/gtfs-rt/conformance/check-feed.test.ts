import { fileURLToPath } from 'node:url'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkFeed, type CheckFeedContext } from './check-feed.js'
import { rt, type FeedMessageLike } from './feed-fields.js'
import { cleanAlerts, cleanTripUpdates, cleanVehiclePositions, NOW_S, SMALL_FEED_DIR } from './fixtures/small-feed-messages.js'
import { readGtfsExtras, type GtfsExtras } from './gtfs-extras.js'
import { RULE_CATALOG, RULE_IDS, type FeedKind, type RuleId } from './rule-catalog.js'

let schedule: Schedule
let gtfsExtras: GtfsExtras
beforeAll(async () => {
  const dir = fileURLToPath(SMALL_FEED_DIR)
  schedule = await readScheduleFromFeed(dir)
  gtfsExtras = await readGtfsExtras(dir)
})

/** The three feeds of one moment, their previous messages (30 s earlier) and context overrides. */
interface Scenario {
  tu: FeedMessageLike
  vp: FeedMessageLike
  alerts: FeedMessageLike
  previous: Record<FeedKind, FeedMessageLike>
  context: Partial<CheckFeedContext>
}

function scenario(): Scenario {
  return {
    tu: cleanTripUpdates(), vp: cleanVehiclePositions(), alerts: cleanAlerts(),
    previous: { 'trip-updates': cleanTripUpdates(NOW_S - 30), 'vehicle-positions': cleanVehiclePositions(NOW_S - 30), alerts: cleanAlerts(NOW_S - 30) },
    context: {},
  }
}

const feedOf = (s: Scenario, kind: FeedKind) => (kind === 'trip-updates' ? s.tu : kind === 'vehicle-positions' ? s.vp : s.alerts)

function contextFor(s: Scenario, kind: FeedKind): CheckFeedContext {
  const companions = kind === 'trip-updates' ? { vehiclePositions: s.vp, alerts: s.alerts } : kind === 'vehicle-positions' ? { tripUpdates: s.tu, alerts: s.alerts } : {}
  return { schedule, gtfsExtras, nowMs: NOW_S * 1000, kind, previous: s.previous[kind], companions, ...s.context }
}

/** The message as a producer builds it (plain object) and as a consumer decodes it (unset fields on the prototype). */
const decoded = (message: FeedMessageLike) => rt.FeedMessage.decode(rt.FeedMessage.encode(message).finish())

const tripUpdate = (s: Scenario, id: string) => s.tu.entity!.find((e) => e.id === id)!.tripUpdate!
const vehicle = (s: Scenario, id: string) => s.vp.entity!.find((e) => e.id === id)!.vehicle!
const alert = (s: Scenario) => s.alerts.entity![0]!.alert!
const stopUpdate = (s: Scenario, sequence: number) => tripUpdate(s, 'tu-T1').stopTimeUpdate!.find((u) => u.stopSequence === sequence)!

interface Case {
  rule: RuleId
  kind: FeedKind
  /** Why the feed now breaks the rule, in the words of RULES.md. */
  how: string
  breaks: (s: Scenario) => void
  /** When other than { [rule]: 1 }: rules that cannot break alone. */
  expected?: Partial<Record<RuleId, number>>
}

const CASES: Case[] = [
  { rule: 'E001', kind: 'alerts', how: 'active_period.end in milliseconds', breaks: (s) => { alert(s).activePeriod![0]!.end = (NOW_S + 3600) * 1000 } },
  { rule: 'E002', kind: 'trip-updates', how: 'stop_sequence 20, 40, 30', breaks: (s) => { const u = tripUpdate(s, 'tu-T1').stopTimeUpdate!; [u[1], u[2]] = [u[2]!, u[1]!] } },
  {
    rule: 'E002', kind: 'trip-updates', how: 'updates given by stop_id alone in an order the GTFS trip does not have (S4 before S2)',
    breaks: (s) => { tripUpdate(s, 'tu-T1').stopTimeUpdate = [{ stopId: 'S4', arrival: { delay: 60 }, scheduleRelationship: 0 }, { stopId: 'S2', arrival: { delay: 60 }, scheduleRelationship: 0 }] },
  },
  { rule: 'E003', kind: 'alerts', how: 'an alert names trip_id NOPE', breaks: (s) => { alert(s).informedEntity![1]!.trip!.tripId = 'NOPE' } },
  { rule: 'E004', kind: 'alerts', how: 'an alert names route_id R9', breaks: (s) => { alert(s).informedEntity!.push({ routeId: 'R9' }) } },
  { rule: 'E006', kind: 'trip-updates', how: 'exact_times 0 trip F0 without start_time', breaks: (s) => { delete tripUpdate(s, 'tu-F0').trip.startTime } },
  { rule: 'E009', kind: 'trip-updates', how: 'LOOP visits S2 twice and an update gives only stop_id S2', breaks: (s) => { delete tripUpdate(s, 'tu-LOOP').stopTimeUpdate![1]!.stopSequence } },
  { rule: 'E011', kind: 'alerts', how: 'an alert names stop_id S9', breaks: (s) => { alert(s).informedEntity!.push({ stopId: 'S9' }) } },
  { rule: 'E012', kind: 'trip-updates', how: 'a trip_update timestamp after the header', breaks: (s) => { tripUpdate(s, 'tu-T1').timestamp = NOW_S + 10 } },
  { rule: 'E013', kind: 'trip-updates', how: 'exact_times 0 trip F0 marked SCHEDULED', breaks: (s) => { tripUpdate(s, 'tu-F0').trip.scheduleRelationship = rt.TripDescriptor.ScheduleRelationship.SCHEDULED } },
  { rule: 'E015', kind: 'vehicle-positions', how: 'vehicle at stop_id ST, a station', breaks: (s) => { vehicle(s, 'vp-V1').stopId = 'ST' } },
  { rule: 'E016', kind: 'trip-updates', how: 'scheduled trip T1 marked ADDED', breaks: (s) => { tripUpdate(s, 'tu-T1').trip.scheduleRelationship = rt.TripDescriptor.ScheduleRelationship.ADDED } },
  { rule: 'E017', kind: 'trip-updates', how: 'previous feed: same timestamp, other entities', breaks: (s) => { s.previous['trip-updates'] = { ...cleanTripUpdates(), entity: [] } } },
  { rule: 'E018', kind: 'trip-updates', how: 'previous feed 10 s newer', breaks: (s) => { s.previous['trip-updates'] = cleanTripUpdates(NOW_S + 10) } },
  { rule: 'E019', kind: 'trip-updates', how: 'exact_times 1 trip F1 starting 07:10:00, between runs', breaks: (s) => { tripUpdate(s, 'tu-F1').trip.startTime = '07:10:00' } },
  { rule: 'E020', kind: 'trip-updates', how: 'start_time 8:00', breaks: (s) => { tripUpdate(s, 'tu-T1').trip.startTime = '8:00' } },
  { rule: 'E021', kind: 'vehicle-positions', how: 'start_date 2025-06-02', breaks: (s) => { vehicle(s, 'vp-V1').trip!.startDate = '2025-06-02' } },
  { rule: 'E022', kind: 'trip-updates', how: 'S3 arrival at the same time as S2', breaks: (s) => { stopUpdate(s, 30).arrival!.time = NOW_S + 300 } },
  { rule: 'E023', kind: 'trip-updates', how: 'T1 start_time 08:01:00, its first GTFS arrival is 08:00:00', breaks: (s) => { tripUpdate(s, 'tu-T1').trip.startTime = '08:01:00' } },
  { rule: 'E024', kind: 'vehicle-positions', how: 'T1 with direction_id 1', breaks: (s) => { vehicle(s, 'vp-V1').trip!.directionId = 1 } },
  { rule: 'E025', kind: 'trip-updates', how: 'S2 departure before its arrival', breaks: (s) => { stopUpdate(s, 20).departure!.time = NOW_S + 200 } },
  { rule: 'E026', kind: 'vehicle-positions', how: 'latitude 91', breaks: (s) => { vehicle(s, 'vp-V1').position!.latitude = 91 } },
  { rule: 'E027', kind: 'vehicle-positions', how: 'bearing 400', breaks: (s) => { vehicle(s, 'vp-V1').position!.bearing = 400 } },
  { rule: 'E028', kind: 'vehicle-positions', how: 'a vehicle 60 km north', breaks: (s) => { vehicle(s, 'vp-V1').position!.latitude = 32.5 } },
  { rule: 'E029', kind: 'vehicle-positions', how: 'a vehicle 556 m north of its shape, no DETOUR', breaks: (s) => { vehicle(s, 'vp-V1').position!.latitude = 31.955 } },
  { rule: 'E030', kind: 'alerts', how: 'trip T1 (route R1) under route_id R2', breaks: (s) => { alert(s).informedEntity!.push({ routeId: 'R2', trip: { tripId: 'T1', scheduleRelationship: 0 } }) } },
  {
    rule: 'E031', kind: 'alerts', how: 'route_id R1 with trip.route_id R2 (an ADDED trip, so no GTFS trip to disagree with)',
    breaks: (s) => { alert(s).informedEntity!.push({ routeId: 'R1', trip: { tripId: 'EXTRA', routeId: 'R2', scheduleRelationship: rt.TripDescriptor.ScheduleRelationship.ADDED } }) },
  },
  { rule: 'E032', kind: 'alerts', how: 'an alert without informed_entity', breaks: (s) => { alert(s).informedEntity = [] } },
  { rule: 'E033', kind: 'alerts', how: 'an informed_entity that names nothing', breaks: (s) => { alert(s).informedEntity!.push({}) } },
  { rule: 'E034', kind: 'alerts', how: 'agency_id A9', breaks: (s) => { alert(s).informedEntity![0]!.agencyId = 'A9' } },
  { rule: 'E035', kind: 'vehicle-positions', how: 'T1 given with route_id R2', breaks: (s) => { vehicle(s, 'vp-V1').trip!.routeId = 'R2' } },
  {
    rule: 'E036', kind: 'trip-updates', how: 'two updates with stop_sequence 20', expected: { E036: 1, E002: 1 }, // repeated is never strictly increasing
    breaks: (s) => { tripUpdate(s, 'tu-T1').stopTimeUpdate!.splice(1, 0, { stopSequence: 20, arrival: { time: NOW_S + 400 }, scheduleRelationship: 0 }) },
  },
  {
    rule: 'E037', kind: 'trip-updates', how: 'S2 twice in a row (without the schedule: with it, the second S2 is also out of the trip\'s order, E002)',
    breaks: (s) => {
      tripUpdate(s, 'tu-T1').stopTimeUpdate!.splice(1, 0, { stopId: 'S2', arrival: { time: NOW_S + 400 }, scheduleRelationship: 0 })
      s.context.schedule = undefined
    },
  },
  { rule: 'E038', kind: 'trip-updates', how: 'gtfs_realtime_version 3.0', breaks: (s) => { s.tu.header.gtfsRealtimeVersion = '3.0' } },
  { rule: 'E039', kind: 'trip-updates', how: 'is_deleted in a FULL_DATASET', breaks: (s) => { s.tu.entity![0]!.isDeleted = false } },
  { rule: 'E040', kind: 'trip-updates', how: 'an update without stop_id and stop_sequence', breaks: (s) => { tripUpdate(s, 'tu-T1').stopTimeUpdate!.push({ arrival: { time: NOW_S + 900 }, scheduleRelationship: 0 }) } },
  { rule: 'E041', kind: 'trip-updates', how: 'F1 without updates', breaks: (s) => { tripUpdate(s, 'tu-F1').stopTimeUpdate = [] } },
  { rule: 'E042', kind: 'trip-updates', how: 'NO_DATA with an arrival', breaks: (s) => { stopUpdate(s, 40).scheduleRelationship = rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.NO_DATA } },
  { rule: 'E043', kind: 'trip-updates', how: 'a SCHEDULED update without arrival and departure', breaks: (s) => { delete stopUpdate(s, 40).arrival } },
  { rule: 'E044', kind: 'trip-updates', how: 'an arrival without delay and time', breaks: (s) => { stopUpdate(s, 40).arrival = {} } },
  { rule: 'E045', kind: 'trip-updates', how: 'stop_sequence 20 with stop_id S3 (GTFS: S2)', breaks: (s) => { stopUpdate(s, 20).stopId = 'S3' } },
  { rule: 'E046', kind: 'trip-updates', how: 'a delay at S3, which has no GTFS times', breaks: (s) => { stopUpdate(s, 30).arrival = { delay: 30 }; delete stopUpdate(s, 30).departure } },
  {
    rule: 'E047', kind: 'trip-updates', how: 'V1 and V2 swap trips in VehiclePositions (both pairings, seen from both feeds)', expected: { E047: 4 },
    breaks: (s) => { [vehicle(s, 'vp-V1').vehicle, vehicle(s, 'vp-V2').vehicle] = [vehicle(s, 'vp-V2').vehicle, vehicle(s, 'vp-V1').vehicle] },
  },
  { rule: 'E048', kind: 'vehicle-positions', how: 'a 2.0 header without timestamp', breaks: (s) => { delete s.vp.header.timestamp } },
  { rule: 'E049', kind: 'alerts', how: 'a 2.0 header without incrementality', breaks: (s) => { delete s.alerts.header.incrementality } },
  {
    rule: 'E050', kind: 'trip-updates', how: 'header 120 s ahead of now (previous 20 s before it)',
    breaks: (s) => { s.tu.header.timestamp = NOW_S + 120; s.previous['trip-updates'] = cleanTripUpdates(NOW_S + 100) },
  },
  { rule: 'E051', kind: 'trip-updates', how: 'stop_sequence 25, which T1 does not have', breaks: (s) => { stopUpdate(s, 30).stopSequence = 25 } },
  { rule: 'E052', kind: 'vehicle-positions', how: 'two vehicles V1 (no companion feed)', breaks: (s) => { vehicle(s, 'vp-V2').vehicle!.id = 'V1'; s.context.companions = {} } },
  { rule: 'W001', kind: 'vehicle-positions', how: 'a vehicle without timestamp', breaks: (s) => { delete vehicle(s, 'vp-V3').timestamp } },
  { rule: 'W002', kind: 'vehicle-positions', how: 'a vehicle without vehicle.id (no companion feed)', breaks: (s) => { vehicle(s, 'vp-V1').vehicle = { label: '101' }; s.context.companions = {} } },
  { rule: 'W003', kind: 'vehicle-positions', how: 'a vehicle without trip that TripUpdates does not know', breaks: (s) => { s.vp.entity!.push({ id: 'vp-V5', vehicle: { vehicle: { id: 'V5' }, position: { latitude: 31.95, longitude: 35.91 }, timestamp: NOW_S } }) } },
  { rule: 'W004', kind: 'vehicle-positions', how: 'speed 30 m/s', breaks: (s) => { vehicle(s, 'vp-V1').position!.speed = 30 } },
  {
    rule: 'W005', kind: 'trip-updates', how: 'exact_times 0 trip F0 without vehicle (no companion feed)', expected: { W005: 1, W002: 1 }, // W002 covers every trip_update without vehicle.id
    breaks: (s) => { delete tripUpdate(s, 'tu-F0').vehicle; s.context.companions = {} },
  },
  { rule: 'W006', kind: 'alerts', how: 'an alert trip with route_id only', breaks: (s) => { alert(s).informedEntity!.push({ routeId: 'R1', trip: { routeId: 'R1', scheduleRelationship: 0 } }) } },
  { rule: 'W007', kind: 'alerts', how: 'previous feed 100 s earlier', breaks: (s) => { s.previous.alerts = cleanAlerts(NOW_S - 100) } },
  { rule: 'W008', kind: 'vehicle-positions', how: 'now 100 s after the header', breaks: (s) => { s.context.nowMs = (NOW_S + 100) * 1000 } },
  { rule: 'W009', kind: 'vehicle-positions', how: 'a vehicle trip without schedule_relationship', breaks: (s) => { delete vehicle(s, 'vp-V4').trip!.scheduleRelationship } },
]

describe('checkFeed on hand-built feeds (./fixtures/small-feed)', () => {
  it.each(['trip-updates', 'vehicle-positions', 'alerts'] as const)('finds nothing in the clean %s feed, plain or decoded, and checks every rule but E010', (kind) => {
    const s = scenario()
    for (const message of [feedOf(s, kind), decoded(feedOf(s, kind))]) {
      const report = checkFeed(message, contextFor(s, kind))
      expect(report).toMatchObject({ ok: true, errors: [], warnings: [], countsByRule: {} })
      expect(report.rulesNotCheckable).toEqual([{ rule: 'E010', why: expect.stringContaining('static feed') }])
      expect(report.rulesChecked).toEqual(RULE_IDS.filter((rule) => rule !== 'E010' && (RULE_CATALOG[rule].appliesTo as readonly FeedKind[]).includes(kind)))
    }
  })

  it.each(CASES.map((c) => [c.rule, c.how, c] as const))('%s: %s', (rule, _how, c) => {
    for (const form of ['plain', 'decoded'] as const) {
      const s = scenario()
      c.breaks(s)
      const message = form === 'plain' ? feedOf(s, c.kind) : decoded(feedOf(s, c.kind))
      const report = checkFeed(message, contextFor(s, c.kind))
      expect(report.countsByRule, form).toEqual(c.expected ?? { [rule]: 1 })
      const issue = [...report.errors, ...report.warnings].find((i) => i.rule === rule)!
      expect(issue.severity).toBe(rule.startsWith('E') ? 'error' : 'warning')
      expect(issue.message.length).toBeGreaterThan(20)
      expect(report.ok).toBe(!Object.keys(report.countsByRule).some((r) => r.startsWith('E')))
    }
  })

  it('has a breaking case for every rule it checks', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(RULE_IDS.filter((rule) => !('notChecked' in RULE_CATALOG[rule]))))
  })

  it('lets a vehicle leave its shape on a route with a DETOUR alert (E029)', () => {
    const s = scenario()
    vehicle(s, 'vp-V1').position!.latitude = 31.955
    alert(s).effect = rt.Alert.Effect.DETOUR
    expect(checkFeed(s.vp, contextFor(s, 'vehicle-positions')).countsByRule).toEqual({})
  })

  it('counts every issue but keeps samplesPerRule of each', () => {
    const s = scenario()
    alert(s).activePeriod = Array.from({ length: 30 }, () => ({ start: NOW_S * 1000 }))
    const report = checkFeed(s.alerts, { ...contextFor(s, 'alerts'), samplesPerRule: 5 })
    expect(report.countsByRule).toEqual({ E001: 30 })
    expect(report.errors).toHaveLength(5)
    expect(report.errors[0]).toEqual({ rule: 'E001', severity: 'error', entityId: 'alert-1', message: expect.stringMatching(/active_period\.start is 1748840400000, not POSIX seconds .*milliseconds/) })
  })

  it('lists the rules it could not check without a context, with why', () => {
    const report = checkFeed(cleanTripUpdates())
    expect(report.ok).toBe(true)
    const why = Object.fromEntries(report.rulesNotCheckable.map(({ rule, why }) => [rule, why]))
    expect(why).toMatchObject({
      E003: expect.stringContaining('no context.schedule'), E015: expect.stringContaining('no context.schedule'),
      E017: expect.stringContaining('no context.previous'), E050: expect.stringContaining('no context.nowMs'),
      W003: expect.stringContaining('companions.vehiclePositions'),
    })
    expect(report.rulesChecked).toContain('E022')
    expect(report.rulesChecked).not.toContain('E026') // a VehiclePositions rule
    const withoutExtras = checkFeed(cleanTripUpdates(), { schedule })
    expect(withoutExtras.rulesNotCheckable.find((r) => r.rule === 'E045')?.why).toContain('stop_sequence, location_type, agency_id')
  })

  it('reads the GTFS facts the Schedule does not keep', () => {
    expect(gtfsExtras.stopSequencesByTrip.get('T1')).toEqual([10, 20, 30, 40])
    expect(schedule.trips.get('T1')?.stopIds).toEqual(['S1', 'S2', 'S3', 'S4'])
    expect(gtfsExtras.locationTypeByStop).toEqual(new Map([['ST', 1], ['S1', 0], ['S2', 0], ['S3', 0], ['S4', 0], ['N1', 3]]))
    expect(schedule.stops.has('N1')).toBe(false) // no coordinates: the Schedule drops it, E011 still knows it
    expect(gtfsExtras.agencyIds).toEqual(new Set(['A1']))
  })
})
