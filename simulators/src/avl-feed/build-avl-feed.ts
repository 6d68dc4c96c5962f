import type { TraceRecord } from '../replay/trace-record.js'
import { buildRouteModels, type RouteModels } from './build-route-models.js'
import { formatAvlFeed, type FeedIdentity } from './format-avl-feed.js'
import { createLocalTime } from './local-time.js'
import { reportNearestStops, type PublishedStop } from './report-nearest-stops.js'

export interface AvlFeedOptions {
  identity: FeedIdentity
  /** Only service days up to this date (YYYY-MM-DD, the agency's time zone) are learned from. */
  until?: string
  /** A direction needs this many trips to be modelled. */
  minTrips: number
  /** Days after the last one learned from that the calendar still covers. */
  forecastDays: number
  /**
   * The agency's stops, for a trace that does not say which stop each bus is at (TTC NextBus): each record gets the
   * published stop it reached last, and stops stay where the agency put them.
   */
  publishedStops?: readonly PublishedStop[]
}

/** The route models and the GTFS files of a trace (records in time order). Pure: the same records give the same bytes. */
export function buildAvlFeed(records: readonly TraceRecord[], options: AvlFeedOptions): { models: RouteModels; files: Map<string, string>; records: number } {
  const toLocal = createLocalTime(options.identity.timeZone)
  const until = options.until
  const inDays = until === undefined ? records : records.filter((r) => toLocal(r.atMs).date <= until)
  const published = options.publishedStops
  const used = published ? reportNearestStops(inDays, published) : inDays
  const publishedStops = published ? new Map(published.map((s) => [s.stopId, { lat: s.lat, lon: s.lon }])) : undefined
  const models = buildRouteModels(used, { toLocal, minTrips: options.minTrips, publishedStops })
  return { models, files: models.routes.length === 0 ? new Map() : formatAvlFeed(models, options.identity, options.forecastDays), records: used.length }
}
