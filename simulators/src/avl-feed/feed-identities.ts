import type { TraceFormatName } from '../replay/trace-formats.js'
import type { FeedIdentity } from './format-avl-feed.js'

/** The agency behind each trace format that names one; other traces need --agency-name, --agency-url, --time-zone. */
export const KNOWN_AGENCIES: Partial<Record<TraceFormatName, Omit<FeedIdentity, 'stopNames'>>> = {
  // ../shared/data/avl/amman-brt-2025-11/PROVENANCE.md: the public Amman Bus API of the Greater Amman Municipality.
  'amman-brt': { agencyId: 'GAM', agencyName: 'Greater Amman Municipality', agencyUrl: 'https://www.ammanbus.jo', timeZone: 'Asia/Amman', lang: 'en' },
  'ttc-nextbus': { agencyId: 'TTC', agencyName: 'TTC', agencyUrl: 'https://www.ttc.ca', timeZone: 'America/Toronto', lang: 'en' },
}
