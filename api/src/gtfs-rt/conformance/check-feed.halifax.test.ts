import { beforeAll, describe, expect, it } from 'vitest'
import { checkFeed, type CheckFeedContext } from './check-feed.js'
import {
  ALL_SAMPLES, decodeRealtime, entitiesOf, messagesOf, notCheckable, nowOf, readStaticFeed, SHARED_FEEDS_ABSENT, sharedFeedsPresent,
} from './fixtures/shared-realtime-feeds.js'

/**
 * Halifax Transit's three feeds of 2025-11-06 checked with the static feed its PROVENANCE.md pairs them with
 * (../shared/data/gtfs/halifax-transit-2025-08). Every count was traced by hand to the feed; the comments say what it is.
 */
describe.skipIf(!sharedFeedsPresent)('checkFeed on Halifax Transit\'s feeds of 2025-11-06', () => {
  let context: Pick<CheckFeedContext, 'schedule' | 'gtfsExtras'>
  const tripUpdates = () => decodeRealtime('halifax-2025-11-06/TripUpdates.pb')
  const vehiclePositions = () => decodeRealtime('halifax-2025-11-06/VehiclePositions.pb')
  beforeAll(async () => {
    context = await readStaticFeed('halifax-transit-2025-08/google_transit.zip')
  }, 60_000)

  it('TripUpdates: numbered by a newer GTFS than the static feed, and more', () => {
    const message = tripUpdates()
    const report = checkFeed(message, { ...context, kind: 'trip-updates', nowMs: nowOf(message), companions: { vehiclePositions: vehiclePositions() }, samplesPerRule: ALL_SAMPLES })
    expect(report.countsByRule).toEqual({
      E049: 1, // gtfs_realtime_version 2.0 without header.incrementality (the same in all three feeds)
      E003: 1, E004: 1, // trip 3797749 of route "sp6": neither is in the static feed; the other 5 unknown trip_ids (3789145_1 …) are ADDED
      E011: 106, // 14 stop_ids (6084 in 47 updates, 6771 in 13, 1063, 5914, 1060 …) are not in stops.txt
      E045: 2376, // the stop_sequences number other stops than the static trips': new stops shift the rest by one
      E051: 132, // … and run past the end of 95 static trips
      E022: 70, // consecutive stops given the very same time (never an earlier one) in 18 trips
      E024: 32, // direction_id 1 where trips.txt says 0 (the feed omits direction_id 0, so only 1 can disagree)
      E047: 1, // vehicle 4004: on 3797749 in VehiclePositions, last on 3790544 (CANCELED) in TripUpdates
      W001: 242, // trip_updates without timestamp
      W002: 1, // one of the two trip_updates of CANCELED trip 3786704 has an empty vehicle
      W003: 279, // predictions for trips not yet started (no vehicle on them in VehiclePositions), and the reverse
      W009: 1007, // 502 trips without schedule_relationship + 505 trips whose updates lack one (only 433 SKIPPED/NO_DATA carry it)
    })
    expect(notCheckable(report)).toEqual(['E010', 'E017', 'E018', 'W007']) // one snapshot: no previous feed
    expect(entitiesOf(report, 'E011').size).toBe(73)
    expect(new Set(messagesOf(report, 'E011').map((m) => /stop_id "(\w+)"/.exec(m)?.[1]))).toEqual(
      new Set(['6084', '6771', '1063', '5914', '1067', '1065', '1060', '2316', '2314', '1040', '2318', '2220', '1114', '2339']),
    ) // PROVENANCE: 2,292 of 2,306 stop_ids found
    expect(entitiesOf(report, 'E045').size).toBe(93)
    // Trip 3785870: the feed inserts stop 6084 (unknown to the static feed) at 19, so the static 19..n are one off.
    expect(messagesOf(report, 'E045')).toContain('trip_id "3785870" stop_time_update stop_sequence 20 has stop_id "6102", but GTFS stop_sequence 20 is stop_id "6122"')
    expect(entitiesOf(report, 'E051').size).toBe(95)
    expect(entitiesOf(report, 'E022').size).toBe(18)
    expect(entitiesOf(report, 'E024').size).toBe(32)
  })

  it('VehiclePositions: vehicles far from their trip shape, directions that disagree', () => {
    const message = vehiclePositions()
    const alerts = decodeRealtime('halifax-2025-11-06/Alerts.pb')
    const report = checkFeed(message, { ...context, kind: 'vehicle-positions', nowMs: nowOf(message), companions: { tripUpdates: tripUpdates(), alerts }, samplesPerRule: ALL_SAMPLES })
    expect(report.countsByRule).toEqual({
      E049: 1,
      E003: 1, E004: 1, // vehicle 2004 on trip 3797749 of route "sp6" (PROVENANCE: 286/291 trip_ids; the other 4 are ADDED)
      E024: 19, // direction_id 1 where trips.txt says 0
      E029: 21, // 203 m to 17.3 km from the trip's shape: e.g. 3201 at 96.6 km/h on the highway, 17 km from its route
      E047: 1, // vehicle 4004, as in TripUpdates
      W003: 279, // the same pairs as from TripUpdates
      W004: 1, // vehicle 3201 at 26.8224 m/s: exactly 60 mph, over the validator's 26 m/s
      W009: 284, // only 7 of 291 vehicle trips carry a schedule_relationship (ADDED or CANCELED)
    })
    const offsetsM = messagesOf(report, 'E029').map((m) => Number(/ is (\d+) m from/.exec(m)?.[1]))
    expect([Math.min(...offsetsM), Math.max(...offsetsM)]).toEqual([203, 17299])
    expect(messagesOf(report, 'W004')).toEqual([expect.stringContaining('vehicle "3201" speed is 26.822')])
    // A 22nd vehicle off its shape, 3254 on route 28, is on a DETOUR: alerts 171199 and 171202 name route 28.
    const withoutAlerts = checkFeed(message, { ...context, kind: 'vehicle-positions', nowMs: nowOf(message), samplesPerRule: ALL_SAMPLES })
    expect(withoutAlerts.countsByRule.E029).toBe(22)
    expect(entitiesOf(withoutAlerts, 'E029')).toContain('1254')
    expect(entitiesOf(report, 'E029')).not.toContain('1254')
  })

  it('Alerts: a year-3000 "no end", and one unknown route and stop', () => {
    const message = decodeRealtime('halifax-2025-11-06/Alerts.pb')
    const report = checkFeed(message, { ...context, kind: 'alerts', nowMs: nowOf(message) })
    expect(report.countsByRule).toEqual({
      E049: 1,
      E001: 41, // active_period.end 32503694400 (3000-01-01) in 41 of 46 periods: beyond the POSIX range the validator accepts (2005..2033)
      E004: 6, // alert 171200: its 6 informed_entities name route_id "hwst", not in routes.txt (PROVENANCE: 19/20 route_ids)
      E011: 1, // … and one of them stop_id 6611, not in stops.txt (PROVENANCE: 179/180 stop_ids)
    })
    expect(report.errors.filter((i) => i.rule !== 'E001').every((i) => i.entityId === '171200' || i.rule === 'E049')).toBe(true)
  })
})

if (!sharedFeedsPresent) {
  describe('checkFeed on Halifax Transit\'s feeds of 2025-11-06', () => {
    it.skip(SHARED_FEEDS_ABSENT, () => {})
  })
}
