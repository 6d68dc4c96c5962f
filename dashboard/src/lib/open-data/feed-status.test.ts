import { describe, expect, it } from 'vitest'
import { summarizeFeedStatus, type FeedReportSummarized } from './feed-status.js'

const clean: FeedReportSummarized = { ok: true, errors: [], warnings: [], countsByRule: {}, entities: 206 }

describe('feed status summary', () => {
  it('counts every occurrence of the sampled rules, split by severity', () => {
    const lines = summarizeFeedStatus({
      checkedAt: '2025-03-01T10:00:00.000Z', ok: false,
      feeds: {
        vehiclePositions: clean,
        tripUpdates: {
          ok: false, entities: 180,
          errors: [{ rule: 'E022', severity: 'error', message: 'a' }, { rule: 'E022', severity: 'error', message: 'b' }, { rule: 'E036', severity: 'error', message: 'c' }],
          warnings: [{ rule: 'W001', severity: 'warning', message: 'd' }],
          countsByRule: { E022: 17, E036: 2, W001: 5 },
        },
        alerts: { ...clean, entities: 3, warnings: [{ rule: 'W009', severity: 'warning', message: 'e' }], countsByRule: {} },
      },
    })
    expect(lines).toEqual([
      { feed: 'vehiclePositions', path: '/gtfs-rt/vehicle-positions.pb', ok: true, errors: 0, warnings: 0, entities: 206 },
      { feed: 'tripUpdates', path: '/gtfs-rt/trip-updates.pb', ok: false, errors: 19, warnings: 5, entities: 180 },
      { feed: 'alerts', path: '/gtfs-rt/alerts.pb', ok: true, errors: 0, warnings: 1, entities: 3 },
    ])
  })
  it('still lists the three feeds, unknown, before the status arrives or when one is missing', () => {
    expect(summarizeFeedStatus(null).map((l) => [l.feed, l.ok, l.entities])).toEqual([['vehiclePositions', null, null], ['tripUpdates', null, null], ['alerts', null, null]])
    expect(summarizeFeedStatus({ checkedAt: '', ok: true, feeds: { alerts: clean } }).map((l) => l.ok)).toEqual([null, null, true])
  })
})
