import type { Schedule } from '@masar/gtfs/schedule/schedule'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { checkFeed } from './conformance/check-feed.js'
import type { ConformanceReport } from './conformance/conformance-report.js'
import type { GtfsExtras } from './conformance/gtfs-extras.js'
import type { EncodedFeed } from './feed-cache.js'

/**
 * /gtfs-rt/status: the api's own feeds run through the conformance checker, at most every `everyMs`, each against
 * the schedule, its previous check's feed, and the other two feeds of the same moment.
 */
export interface FeedStatus {
  checkedAt: string
  ok: boolean
  feeds: Record<'vehiclePositions' | 'tripUpdates' | 'alerts', Omit<ConformanceReport, 'rulesChecked'> & { entities: number; rulesChecked: number }>
}

const decode = (feed: EncodedFeed) => GtfsRealtimeBindings.transit_realtime.FeedMessage.decode(feed.bytes)

export function createConformanceMonitor(options: {
  feeds: { vehiclePositions: () => EncodedFeed; tripUpdates: () => EncodedFeed; alerts: () => EncodedFeed }
  schedule: () => Schedule | null
  gtfsExtras: () => GtfsExtras | undefined
  everyMs: number
  now: () => number
}): { status(): FeedStatus } {
  let last: FeedStatus | null = null
  let lastAtMs = 0
  let previous: Partial<Record<keyof FeedStatus['feeds'], GtfsRealtimeBindings.transit_realtime.FeedMessage>> = {}
  return {
    status() {
      const nowMs = options.now()
      if (last && nowMs - lastAtMs < options.everyMs) return last
      const messages = { vehiclePositions: decode(options.feeds.vehiclePositions()), tripUpdates: decode(options.feeds.tripUpdates()), alerts: decode(options.feeds.alerts()) }
      const kinds = { vehiclePositions: 'vehicle-positions', tripUpdates: 'trip-updates', alerts: 'alerts' } as const
      const schedule = options.schedule() ?? undefined
      const feeds = {} as FeedStatus['feeds']
      for (const name of Object.keys(messages) as Array<keyof typeof messages>) {
        const report = checkFeed(messages[name], { schedule, gtfsExtras: options.gtfsExtras(), previous: previous[name], nowMs, kind: kinds[name], companions: messages })
        feeds[name] = { ...report, entities: messages[name].entity.length, rulesChecked: report.rulesChecked.length }
      }
      previous = messages
      last = { checkedAt: new Date(nowMs).toISOString(), ok: Object.values(feeds).every((f) => f.ok), feeds }
      lastAtMs = nowMs
      return last
    },
  }
}
