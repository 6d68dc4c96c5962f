/** The trace layouts replay understands, recognised by their header. */
export type TraceFormatName = 'amman-brt' | 'capmetro-austin' | 'siri-vm' | 'generic'

type Field = 'vehicle' | 'time' | 'lat' | 'lon' | 'bearing' | 'speed' | 'trip' | 'route' | 'journeyStart'
type RequiredField = 'vehicle' | 'time' | 'lat' | 'lon'

export interface TraceFormat {
  name: TraceFormatName
  /** The column of each field in this format (matched ignoring case); required fields first. */
  columns: Record<RequiredField, string> & Partial<Record<Exclude<Field, RequiredField>, string>>
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
    columns: { vehicle: 'bus_id', time: 'ping_time_local', lat: 'lat', lon: 'lon', bearing: 'bearing', route: 'route' },
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
    name: 'generic',
    columns: { vehicle: 'vehicle', time: 'time', lat: 'lat', lon: 'lon', bearing: 'bearing', speed: 'speed', trip: 'trip', route: 'route' },
    defaultTimeZone: null,
    defaultAgencyId: 'replay',
    speedToMps: 1,
    zeroBearingIsUnknown: false,
    repeatsFixes: false,
  },
]

/** Where each field sits in a row of a recognised trace (-1: the trace has no such column). */
export type ColumnIndexes = Record<Field, number>

const FIELDS: readonly Field[] = ['vehicle', 'time', 'lat', 'lon', 'bearing', 'speed', 'trip', 'route', 'journeyStart']
const REQUIRED: readonly RequiredField[] = ['vehicle', 'time', 'lat', 'lon']

export function describeTraceFormats(): string {
  return TRACE_FORMATS.map((format) => {
    const { vehicle, time, lat, lon, ...optional } = format.columns
    const extra = Object.values(optional).filter((column) => column !== undefined)
    return `${format.name} (${[vehicle, time, lat, lon].join(',')}${extra.length > 0 ? `[,${extra.join(',')}]` : ''})`
  }).join('; ')
}

/** The format a header names, and where its columns are; null when no format's required columns are all there. */
export function detectTraceFormat(header: readonly string[]): { format: TraceFormat; indexes: ColumnIndexes } | null {
  const names = header.map((name) => name.trim().toLowerCase())
  for (const format of TRACE_FORMATS) {
    const indexOf = (field: Field): number => {
      const column = format.columns[field]
      return column === undefined ? -1 : names.indexOf(column.toLowerCase())
    }
    if (REQUIRED.some((field) => indexOf(field) === -1)) continue
    return { format, indexes: Object.fromEntries(FIELDS.map((field) => [field, indexOf(field)])) as ColumnIndexes }
  }
  return null
}
