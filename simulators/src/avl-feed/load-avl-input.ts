import { readTrace } from '../replay/read-trace.js'
import type { TraceRecord } from '../replay/trace-record.js'
import { AvlFeedError } from './avl-feed-error.js'
import { KNOWN_AGENCIES } from './feed-identities.js'
import type { FeedIdentity } from './format-avl-feed.js'
import { readStopList } from './read-stop-list.js'
import type { PublishedStop } from './report-nearest-stops.js'

export interface AvlInput {
  records: TraceRecord[]
  identity: FeedIdentity
  /** The agency's stops, where it publishes them (a NextBus file's line 2, or --stops). */
  publishedStops?: PublishedStop[]
}

export interface AvlInputOptions {
  stopList?: string
  agencyName?: string
  agencyUrl?: string
  timeZone?: string
}

/**
 * Reads one or more traces of one agency (Amman's log, or TTC NextBus route files) into time-ordered records, the
 * agency's identity and its published stops. A NextBus file keeps only its own route's direction tags (a bus
 * running on to another route carries that route's tag, 196_… in route 10's file).
 */
export async function loadAvlInput(paths: readonly string[], options: AvlInputOptions = {}): Promise<AvlInput> {
  const records: TraceRecord[] = []
  const stops = new Map<string, PublishedStop>()
  let formatName: string | undefined
  let known
  for (const path of paths) {
    const trace = await readTrace(path, { timeZone: options.timeZone })
    formatName = trace.format.name
    known ??= KNOWN_AGENCIES[trace.format.name]
    const ownRoute = trace.nextBusRoute ? `${trace.nextBusRoute.routeId}_` : null
    for (const record of trace.records) if (ownRoute === null || record.direction?.startsWith(ownRoute)) records.push(record)
    for (const s of trace.nextBusRoute?.stops ?? []) if (!stops.has(s.stopTag)) stops.set(s.stopTag, { stopId: s.stopTag, name: s.title, lat: s.lat, lon: s.lon })
    if (options.stopList !== undefined) for (const s of await readStopList(options.stopList, path)) if (!stops.has(s.stopId)) stops.set(s.stopId, s)
  }
  if (paths.length > 1) records.sort((a, b) => a.atMs - b.atMs)
  const timeZone = options.timeZone ?? known?.timeZone
  const agencyName = options.agencyName ?? known?.agencyName
  const agencyUrl = options.agencyUrl ?? known?.agencyUrl
  if (!timeZone || !agencyName || !agencyUrl) throw new AvlFeedError('AVLFEED_INVALID_OPTION', `a ${formatName ?? 'trace'} trace does not say whose buses these are: give --agency-name, --agency-url and --time-zone`)
  const publishedStops = stops.size > 0 ? [...stops.values()] : undefined
  const identity: FeedIdentity = { agencyId: known?.agencyId ?? 'agency', agencyName, agencyUrl, timeZone, lang: known?.lang ?? 'en', stopNames: new Map(publishedStops?.map((s) => [s.stopId, s.name])) }
  return publishedStops ? { records, identity, publishedStops } : { records, identity }
}
