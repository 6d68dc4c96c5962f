/** The trace layouts replay understands: CSV ones recognised by their header, snapshot ones by their file type. */
export type TraceFormatName = 'amman-brt' | 'capmetro-austin' | 'siri-vm' | 'generic' | 'gtfs-rt-csv' | 'gtfs-rt-pb' | 'siri-vm-xml' | 'ttc-nextbus'

/**
 * What a record is read from. `startDate`/`startTime` are a GTFS-Realtime trip's (YYYYMMDD, HH:MM:SS in the agency's
 * zone), the journey start when the trace has no `journeyStart`; `feedTime` is the time of a fix that has none.
 */
export type TraceField = 'vehicle' | 'time' | 'lat' | 'lon' | 'bearing' | 'speed' | 'trip' | 'route' | 'journeyStart' | 'startDate' | 'startTime' | 'feedTime' | 'stop' | 'direction'
type Field = TraceField
type RequiredField = 'vehicle' | 'time' | 'lat' | 'lon'
/** A column's name, or the names it goes by in order of preference (matched ignoring case; the first present is read). */
type ColumnNames = string | readonly string[]

export interface TraceFormat {
  name: TraceFormatName
  /** The column of each field in this format; required fields first. */
  columns: Record<RequiredField, ColumnNames> & Partial<Record<Exclude<Field, RequiredField>, ColumnNames>>
  /** Columns the header must also have for the format to be recognised (not read: they tell it from a plain CSV). */
  identifiedBy?: readonly string[]
  /** Zone of times written without an offset, unless the caller gives one. */
  defaultTimeZone: string | null
  /** The agency the trace's vehicles belong to, unless the caller says otherwise. */
  defaultAgencyId: string
  /** Multiplies the speed column into m/s. */
  speedToMps: number
  /** The trace writes bearing 0 for "unknown". */
  zeroBearingIsUnknown: boolean
  /**
   * The trace writes one fix many times over (a row per something else): a vehicle's records of the same instant
   * come out once, the first. Otherwise every row is a record, repeats included (Amman's stale repeats as recorded).
   */
  repeatsFixes: boolean
}

/** 1 mile per hour in m/s (international mile, exact). */
export const MPS_PER_MPH = 0.44704

export const TRACE_FORMATS: readonly TraceFormat[] = [
  {
    // ../shared/data/avl/amman-brt-2025-11/PROVENANCE.md: ping_time_local is the logger's poll time, Jordan local time.
    name: 'amman-brt',
    columns: { vehicle: 'bus_id', time: 'ping_time_local', lat: 'lat', lon: 'lon', bearing: 'bearing', route: 'route', stop: 'stop_id', direction: 'direction' },
    defaultTimeZone: 'Asia/Amman',
    defaultAgencyId: 'amman-brt',
    speedToMps: 1,
    zeroBearingIsUnknown: true,
    repeatsFixes: false,
  },
  {
    // CapMetrics vehicle_positions: speed is in miles per hour (positions 60 s apart on route 550 give 26 m/s for a
    // reported 57–60), although the GTFS-rt feed it was captured from specifies m/s.
    name: 'capmetro-austin',
    columns: { vehicle: 'vehicle_id', time: 'timestamp', lat: 'latitude', lon: 'longitude', speed: 'speed', trip: 'trip_id', route: 'route_id' },
    // Without it, any plain CSV of vehicle_id,timestamp,latitude,longitude would be read in miles per hour, in Austin.
    identifiedBy: ['trip_headsign'],
    defaultTimeZone: 'America/Chicago',
    defaultAgencyId: 'capmetro',
    speedToMps: MPS_PER_MPH,
    zeroBearingIsUnknown: false,
    repeatsFixes: false,
  },
  {
    // SIRI vehicle monitoring as a table, one row per monitored stop call (SIRItoGTFS's layout; ../shared/data/avl/
    // israel-beersheva-siri-2017-07-19/PROVENANCE.md): a vehicle's fix is repeated for each stop and server call.
    // Times carry their offset; LineRef is the GTFS route_id; OriginAimedDepartureTime, the journey's scheduled
    // departure from its first stop, names the trip with LineRef (SIRI's FramedVehicleJourneyRef stand-in).
    name: 'siri-vm',
    columns: { vehicle: 'VehicleRef', time: 'RecordedAtTime', lat: 'Latitude', lon: 'Longitude', route: 'LineRef', journeyStart: 'OriginAimedDepartureTime' },
    defaultTimeZone: null,
    defaultAgencyId: 'siri',
    speedToMps: 1,
    zeroBearingIsUnknown: false,
    repeatsFixes: true,
  },
  {
    // GTFS-Realtime VehiclePositions flattened to CSV, one row per entity (https://gtfs.org/realtime/reference/
    // #message-vehicleposition): paths with or without the leading `vehicle.`; times in epoch seconds; speed in m/s.
    // A row without its own timestamp takes the feed header's, as the reference says of an entity without one.
    name: 'gtfs-rt-csv',
    columns: {
      vehicle: ['vehicle.vehicle.id', 'vehicle.id', 'vehicle.vehicle.label', 'vehicle.label'],
      time: ['vehicle.timestamp', 'timestamp'],
      lat: ['vehicle.position.latitude', 'position.latitude'],
      lon: ['vehicle.position.longitude', 'position.longitude'],
      bearing: ['vehicle.position.bearing', 'position.bearing'],
      speed: ['vehicle.position.speed', 'position.speed'],
      trip: ['vehicle.trip.trip_id', 'trip.trip_id'],
      route: ['vehicle.trip.route_id', 'trip.route_id'],
      startDate: ['vehicle.trip.start_date', 'trip.start_date'],
      startTime: ['vehicle.trip.start_time', 'trip.start_time'],
      feedTime: ['header.timestamp'],
    },
    defaultTimeZone: null,
    defaultAgencyId: 'gtfs-rt',
    speedToMps: 1,
    zeroBearingIsUnknown: false,
    // Flattened archives are usually concatenated snapshots: a vehicle's fix appears in each until it reports again.
    repeatsFixes: true,
  },
  {
    // A plain CSV with the usual column names, in any mix (vehicle_id or vehicle, lng or lon, …): the catch-all.
    name: 'generic',
    columns: {
      vehicle: ['vehicle_id', 'vehicle'], time: ['timestamp', 'time'], lat: ['lat', 'latitude'], lon: ['lon', 'lng', 'longitude'],
      bearing: 'bearing', speed: 'speed', trip: ['trip_id', 'trip'], route: ['route_id', 'route'],
    },
    defaultTimeZone: null,
    defaultAgencyId: 'replay',
    speedToMps: 1,
    zeroBearingIsUnknown: false,
    repeatsFixes: false,
  },
]

/** Where each field sits in a row of a recognised trace (-1: the trace has no such column). */
export type ColumnIndexes = Record<Field, number>

export const TRACE_FIELDS: readonly Field[] = ['vehicle', 'time', 'lat', 'lon', 'bearing', 'speed', 'trip', 'route', 'journeyStart', 'startDate', 'startTime', 'feedTime', 'stop', 'direction']
const REQUIRED: readonly RequiredField[] = ['vehicle', 'time', 'lat', 'lon']

const namesOf = (names: ColumnNames | undefined): readonly string[] => (names === undefined ? [] : typeof names === 'string' ? [names] : names)

/** One format as a person reads it: `name (required columns[, optional ones])`, a column's other names after a `|`. */
export function describeTraceFormat(format: TraceFormat): string {
  const { vehicle, time, lat, lon, ...optional } = format.columns
  const extra = Object.values(optional).filter((names) => names !== undefined).map((names) => namesOf(names).join('|'))
  const identifiedBy = format.identifiedBy?.length ? `, with ${format.identifiedBy.join(',')}` : ''
  return `${format.name} (${[vehicle, time, lat, lon].map((names) => namesOf(names).join('|')).join(',')}${extra.length > 0 ? `[,${extra.join(',')}]` : ''}${identifiedBy})`
}

export function describeTraceFormats(): string {
  return TRACE_FORMATS.map(describeTraceFormat).join('; ')
}

/** The format a header names, and where its columns are; null when no format's required columns are all there. */
export function detectTraceFormat(header: readonly string[]): { format: TraceFormat; indexes: ColumnIndexes } | null {
  const names = header.map((name) => name.trim().toLowerCase())
  for (const format of TRACE_FORMATS) {
    const indexOf = (field: Field): number => {
      for (const column of namesOf(format.columns[field])) {
        const index = names.indexOf(column.toLowerCase())
        if (index !== -1) return index
      }
      return -1
    }
    if (REQUIRED.some((field) => indexOf(field) === -1)) continue
    if (format.identifiedBy?.some((column) => !names.includes(column.toLowerCase()))) continue
    return { format, indexes: Object.fromEntries(TRACE_FIELDS.map((field) => [field, indexOf(field)])) as ColumnIndexes }
  }
  return null
}
