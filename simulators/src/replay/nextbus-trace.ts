import { IDENTIFIER_PATTERN } from '@masar/model/telemetry/topics'
import type { TraceRow } from './parse-trace-row.js'
import type { TraceFormat } from './trace-formats.js'

/**
 * The TTC NextBus archive (../shared/data/avl/ttc-toronto-nextbus-2016-12/PROVENANCE.md, "Raw format"): one file
 * per route. Line 1 is the route title (`10-Van Horne`), line 2 the route's stops as
 * `stoptag~stopcode~title~lat~lon~…`, then one line per poll: `<poll_epoch_ms>~<vehicle>~<direction_tag>~<heading>~
 * <lat>~<lon>[~<vehicle>~…]`, five fields per vehicle. Times are the collector's poll time (epoch ms, UTC).
 */
export const NEXTBUS_FORMAT: TraceFormat = {
  name: 'ttc-nextbus',
  // Not a CSV: the names say what each `~` field of a vehicle holds.
  columns: { vehicle: 'vehicle', time: 'poll_epoch_ms', lat: 'lat', lon: 'lon', bearing: 'heading', direction: 'direction_tag' },
  defaultTimeZone: 'America/Toronto',
  defaultAgencyId: 'ttc',
  speedToMps: 1,
  zeroBearingIsUnknown: false,
  repeatsFixes: false,
}

export interface NextBusStop {
  stopTag: string
  stopCode: string | null
  title: string
  lat: number
  lon: number
}

/** The route id of a NextBus route title: `10-Van Horne` → `10`. */
export function parseNextBusRouteId(title: string): string {
  const dash = title.indexOf('-')
  return (dash > 0 ? title.slice(0, dash) : title).trim()
}

/** A first line that can be a NextBus route title (no comma: no CSV header names only one column). */
export function isNextBusTitle(line: string): boolean {
  return !line.includes(',') && !line.includes('~') && /^\s*\w+\s*-/.test(line)
}

/** Line 2: the route's stops, in the route configuration's order (both directions, one after the other). */
export function parseNextBusStops(line: string): NextBusStop[] | null {
  const fields = line.replace(/~\s*$/, '').split('~') // the archive ends the line with a '~'
  if (fields.length < 5 || fields.length % 5 !== 0) return null
  const stops: NextBusStop[] = []
  for (let i = 0; i < fields.length; i += 5) {
    const lat = Number(fields[i + 3])
    const lon = Number(fields[i + 4])
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null
    const code = fields[i + 1]!.trim()
    stops.push({ stopTag: fields[i]!.trim(), stopCode: code === '' || code === 'null' ? null : code, title: fields[i + 2]!.trim(), lat, lon })
  }
  return stops
}

const skip = (reason: Extract<TraceRow, { ok: false }>['reason'], detail: string): TraceRow => ({ ok: false, reason, detail })

/** One poll line as one row per vehicle (or the reason a vehicle's five fields cannot be a record). Never throws. */
export function parseNextBusPoll(line: string, routeId: string): TraceRow[] {
  const fields = line.split('~')
  if ((fields.length - 1) % 5 !== 0) return [skip('wrong_field_count', `${fields.length} fields: a poll line has a time and 5 per vehicle`)]
  const atMs = Number(fields[0])
  if (!Number.isInteger(atMs) || atMs <= 0) return [skip('invalid_time', `poll time "${fields[0]?.slice(0, 30)}" is not epoch milliseconds`)]
  const rows: TraceRow[] = []
  for (let i = 1; i < fields.length; i += 5) {
    const vehicleId = fields[i]!.trim()
    const [direction, heading, latText, lonText] = fields.slice(i + 1, i + 5).map((f) => f.trim())
    const lat = Number(latText)
    const lon = Number(lonText)
    if (!IDENTIFIER_PATTERN.test(vehicleId)) rows.push(skip('invalid_vehicle_id', `vehicle "${vehicleId.slice(0, 70)}" must be 1–64 letters, digits, "_", "-" or "."`))
    else if (latText === '' || lonText === '' || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) rows.push(skip('invalid_position', `lat "${latText}", lon "${lonText}" is not a WGS 84 position`))
    else {
      const bearingDeg = Number(heading)
      const record: Extract<TraceRow, { ok: true }>['record'] = { vehicleId, atMs, lat, lon, routeId }
      if (heading !== '' && bearingDeg >= 0 && bearingDeg <= 360) record.bearingDeg = bearingDeg
      if (direction && direction !== 'null') record.direction = direction
      rows.push({ ok: true, record })
    }
  }
  return rows
}
