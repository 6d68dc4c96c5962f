import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { splitCsvLine } from '../replay/split-csv-line.js'
import { AvlFeedError } from './avl-feed-error.js'
import type { PublishedStop } from './report-nearest-stops.js'

const ID_COLUMNS = ['stop_tag', 'stop_id']
const NAME_COLUMNS = ['stop_title', 'stop_name']

/**
 * A published stop list as CSV: stop_tag or stop_id, stop_title or stop_name, stop_lat, stop_lon (a GTFS stops.txt
 * or ../shared's ttc_route_stops_from_nextbus.csv). With a route_file column, only the rows of the trace's own
 * file (`10.txt` for `10.txt.gz`) are taken.
 */
export async function readStopList(path: string, tracePath: string): Promise<PublishedStop[]> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new AvlFeedError('AVLFEED_INVALID_OPTION', `cannot read the stop list ${path}: ${(err as Error).message}`, { cause: err })
  })
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  const columns = (splitCsvLine(header ?? '') ?? []).map((c) => c.trim().toLowerCase())
  const at = (names: string[]) => columns.findIndex((c) => names.includes(c))
  const [id, name, lat, lon, file] = [at(ID_COLUMNS), at(NAME_COLUMNS), at(['stop_lat']), at(['stop_lon']), at(['route_file'])]
  if (id === -1 || lat === -1 || lon === -1) throw new AvlFeedError('AVLFEED_INVALID_OPTION', `the stop list ${path} needs the columns stop_tag (or stop_id), stop_lat, stop_lon; it has ${columns.join(',')}`)
  const ownFile = basename(tracePath).replace(/\.gz$/i, '')
  const stops: PublishedStop[] = []
  for (const line of lines) {
    const fields = splitCsvLine(line)
    if (!fields || (file !== -1 && fields[file] !== ownFile)) continue
    const stop = { stopId: fields[id]!.trim(), name: name === -1 ? fields[id]!.trim() : fields[name]!.trim(), lat: Number(fields[lat]), lon: Number(fields[lon]) }
    if (stop.stopId !== '' && Number.isFinite(stop.lat) && Number.isFinite(stop.lon)) stops.push(stop)
  }
  return stops
}
