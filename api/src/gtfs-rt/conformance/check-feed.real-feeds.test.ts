import { beforeAll, describe, expect, it } from 'vitest'
import { checkFeed, type CheckFeedContext } from './check-feed.js'
import {
  ALL_SAMPLES, decodeRealtime, entitiesOf, messagesOf, notCheckable, nowOf, readStaticFeed, SHARED_FEEDS_ABSENT, sharedFeedsPresent,
} from './fixtures/shared-realtime-feeds.js'

/**
 * The real feeds in ../shared/data/gtfs-rt other than Halifax's (check-feed.halifax.test.ts), each checked with the
 * static feed its PROVENANCE.md pairs it with. Every count was traced by hand to the feed; the comments say what it is.
 */
describe.skipIf(!sharedFeedsPresent)('checkFeed on the real feeds in ../shared/data/gtfs-rt', () => {
  describe('BART 2019 with its 2019-08 static feed', () => {
    let context: Pick<CheckFeedContext, 'schedule' | 'gtfsExtras'>
    beforeAll(async () => {
      context = await readStaticFeed('bart-2019-08/bart-rt.zip')
    }, 60_000)

    it('TripUpdates 2019-08-07: eBART trips the static feed lacks, misnumbered stops', () => {
      const message = decodeRealtime('bart-2019/bart-trip-updates-2019-08-07.pb')
      const report = checkFeed(message, { ...context, kind: 'trip-updates', nowMs: nowOf(message), samplesPerRule: ALL_SAMPLES })
      expect(report.countsByRule).toEqual({
        E003: 18, // the Antioch–Pittsburg Center shuttle trips 246WKDY..265WKDY, SCHEDULED but not in trips.txt (the other 8 unknown trips are ADDED)
        E002: 9, // 8 of those number both their stops (ANTC, PCTR) 1; 3711056WKDY gives 1, 15, 17, 16, 21, 18, …
        E036: 8, // the same 8 repeated 1s
        E045: 160, // 7 Antioch–SFO trips (3611118WKDY …) number stops as if they skipped PCTR (feed 2 = PITT, static 2 = PCTR): 139 updates one off; 21 trips misnumber their first update
        E051: 1, // 4471042WKDY gives its first update stop_sequence 0
        W001: 91, W002: 91, // no trip_update has a timestamp or a vehicle
        W009: 91, // trips say SCHEDULED or ADDED, updates never carry a schedule_relationship
      })
      expect(entitiesOf(report, 'E003')).toEqual(new Set(['246WKDY', '248WKDY', ...Array.from({ length: 15 }, (_, i) => `${249 + i}WKDY`), '265WKDY']))
      expect(entitiesOf(report, 'E045').size).toBe(28)
      expect(messagesOf(report, 'E045')).toContain('trip_id "3611118WKDY" stop_time_update stop_sequence 2 has stop_id "PITT", but GTFS stop_sequence 2 is stop_id "PCTR"')
      expect(notCheckable(report)).toEqual(['E010', 'E017', 'E018', 'E047', 'W003', 'W007'])
    })

    it('TripUpdates 2019-05-28: one arrival before the previous departure', () => {
      const message = decodeRealtime('bart-2019/bart-trip-updates-2019-05-28.pb')
      const report = checkFeed(message, { ...context, kind: 'trip-updates', nowMs: nowOf(message) })
      expect(report.countsByRule).toEqual({ E022: 1, W001: 26, W002: 26, W009: 52 }) // W009: 26 trips + the updates of 26 trips
      expect(messagesOf(report, 'E022')).toEqual([
        'trip_id "2251935WKDY" stop_sequence 9 arrival.time 1559011278 (2019-05-28T02:41:18Z) is not after the departure.time 1559011288 (2019-05-28T02:41:28Z) at stop_sequence 8',
      ])
    })

    it('Alerts 2019-08-07: one agency-wide alert, clean', () => {
      const message = decodeRealtime('bart-2019/bart-alerts-2019-08-07.pb')
      expect(checkFeed(message, { ...context, kind: 'alerts', nowMs: nowOf(message) })).toMatchObject({ ok: true, countsByRule: {} })
    })
  })

  describe('Caltrain 2023-11-07 with its 2023-11 static feed', () => {
    let context: Pick<CheckFeedContext, 'schedule' | 'gtfsExtras'>
    beforeAll(async () => {
      context = await readStaticFeed('caltrain-2023-11/ct.zip')
    }, 60_000)
    const tripUpdates = () => decodeRealtime('caltrain-2023-11-07/ct-trip-updates.pb')
    const vehiclePositions = () => decodeRealtime('caltrain-2023-11-07/ct-vehicle-positions.pb')

    it('TripUpdates: conformant; 5 predictions are for trains without a vehicle yet', () => {
      const message = tripUpdates()
      const report = checkFeed(message, { ...context, kind: 'trip-updates', nowMs: nowOf(message), companions: { vehiclePositions: vehiclePositions() } })
      expect(report.countsByRule).toEqual({ W003: 10 }) // trips 128, 129, 413, 711, 712 and their "block_<trip>_schedBasedVehicle"
      expect(report.ok).toBe(true)
    })

    it('VehiclePositions: conformant, no schedule_relationship', () => {
      const message = vehiclePositions()
      const report = checkFeed(message, { ...context, kind: 'vehicle-positions', nowMs: nowOf(message), companions: { tripUpdates: tripUpdates() } })
      expect(report.countsByRule).toEqual({ W003: 10, W009: 14 })
    })

    it('Alerts: a header with no entities is conformant', () => {
      const message = decodeRealtime('caltrain-2023-11-07/ct-service-alerts.pb')
      expect(checkFeed(message, { ...context, kind: 'alerts', nowMs: nowOf(message) })).toMatchObject({ ok: true, countsByRule: {} })
    })
  })

  it('USF Bull Runner VehiclePositions: route-only trips and no vehicle timestamps', async () => {
    const message = decodeRealtime('usf-bullrunner-2017-09-13/bullrunner-vehicle-positions.pb')
    const report = checkFeed(message, { ...(await readStaticFeed('usf-bullrunner/bullrunner-gtfs.zip')), kind: 'vehicle-positions', nowMs: nowOf(message) })
    // Its trips are frequency-based (exact_times 0), but without a trip_id the frequency rules cannot tell which.
    expect(report.countsByRule).toEqual({ W001: 10, W006: 10, W009: 10 })
  })

  it('King County Metro VehiclePositions (no static feed of that date): two snapshots 36 min apart', () => {
    const first = decodeRealtime('king-county-metro-2021-09-02/king-county-metro-1.pbf')
    const second = decodeRealtime('king-county-metro-2021-09-02/king-county-metro-2.pbf')
    expect(checkFeed(first, { kind: 'vehicle-positions', nowMs: nowOf(first) }).countsByRule).toEqual({ W009: 627 })
    const report = checkFeed(second, { kind: 'vehicle-positions', nowMs: nowOf(second), previous: first })
    expect(report.countsByRule).toEqual({ W007: 1, W009: 570 })
    expect(messagesOf(report, 'W007')).toEqual([expect.stringMatching(/^2194 s between/)])
    expect(notCheckable(report)).toContain('E003') // no static feed: every id rule is listed with why
  })

  it('SEPTA TripUpdates (no static feed): one delay per trip, no vehicle', () => {
    const message = decodeRealtime('septa-regional-rail-2023-03-29/septa.pbf')
    const report = checkFeed(message, { kind: 'trip-updates', nowMs: nowOf(message) })
    expect(report.countsByRule).toEqual({ W002: 35, W009: 70 }) // W009: 35 trips + their 35 updates
  })
})

if (!sharedFeedsPresent) {
  describe('checkFeed on the real feeds in ../shared/data/gtfs-rt', () => {
    it.skip(SHARED_FEEDS_ABSENT, () => {})
  })
}
