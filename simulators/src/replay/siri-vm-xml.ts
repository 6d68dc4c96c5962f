import { basename } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { parseFixFields, type FixFields } from './parse-fix-fields.js'
import type { TraceRow } from './parse-trace-row.js'
import type { TraceFormat } from './trace-formats.js'

/**
 * SIRI vehicle monitoring responses as XML (CEN/TS 15531, SIRI-VM; https://github.com/SIRI-CEN/SIRI, examples/
 * siri_exm_VM): one record per VehicleActivity. The fields are those of the SIRItoGTFS table (format siri-vm) plus
 * the trip SIRI names: FramedVehicleJourneyRef/DatedVehicleJourneyRef. A folder of polled responses repeats a fix
 * until the vehicle reports again: read once (repeatsFixes).
 */
export const SIRI_VM_XML_FORMAT: TraceFormat = {
  name: 'siri-vm-xml',
  columns: {
    vehicle: 'MonitoredVehicleJourney/VehicleRef', time: 'RecordedAtTime',
    lat: 'MonitoredVehicleJourney/VehicleLocation/Latitude', lon: 'MonitoredVehicleJourney/VehicleLocation/Longitude',
    bearing: 'MonitoredVehicleJourney/Bearing', trip: 'MonitoredVehicleJourney/FramedVehicleJourneyRef/DatedVehicleJourneyRef',
    route: 'MonitoredVehicleJourney/LineRef', journeyStart: 'MonitoredVehicleJourney/OriginAimedDepartureTime',
  },
  defaultTimeZone: null,
  defaultAgencyId: 'siri',
  speedToMps: 1,
  zeroBearingIsUnknown: false,
  repeatsFixes: true,
}

/** A SIRI response file's name ends like this (optionally gzipped); anything else in a folder is not read. */
export const SIRI_XML_NAME = /\.xml(\.gz)?$/i

// Namespace prefixes dropped (siri:VehicleActivity and VehicleActivity alike); every value kept as text
// (a VehicleRef "007" is not the number 7); VehicleActivity always a list, even of one.
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'VehicleActivity' })

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)

/** An element's text ("#text" when it also had attributes or children), or undefined. */
function textAt(node: unknown, ...path: string[]): string | undefined {
  let at = node
  for (const name of path) at = isNode(at) ? at[name] : undefined
  if (isNode(at)) at = at['#text']
  return typeof at === 'string' && at !== '' ? at : undefined
}

/** Every VehicleActivity element in a parsed document, wherever the response wraps it (ServiceDelivery, a SOAP Answer…). */
function vehicleActivities(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) vehicleActivities(item, found)
  else if (isNode(node)) {
    for (const [name, value] of Object.entries(node)) {
      if (name === 'VehicleActivity' && Array.isArray(value)) found.push(...value.filter(isNode))
      else vehicleActivities(value, found)
    }
  }
  return found
}

/** Throws (fast-xml-parser's error) when the text is not XML. */
export function parseSiriXml(xml: string): unknown {
  return parser.parse(xml, true)
}

/** Every VehicleActivity of a parsed SIRI document as a record or the reason it cannot be one. */
export function siriVehicleRowsOf(document: unknown, path: string, timeZone: string | null): TraceRow[] {
  return vehicleActivities(document).map((activity) => {
    const journey = activity.MonitoredVehicleJourney
    const fix: FixFields = {
      vehicle: textAt(journey, 'VehicleRef'), time: textAt(activity, 'RecordedAtTime'),
      lat: textAt(journey, 'VehicleLocation', 'Latitude'), lon: textAt(journey, 'VehicleLocation', 'Longitude'),
      bearing: textAt(journey, 'Bearing'), trip: textAt(journey, 'FramedVehicleJourneyRef', 'DatedVehicleJourneyRef'),
      route: textAt(journey, 'LineRef'), journeyStart: textAt(journey, 'OriginAimedDepartureTime'),
    }
    const row = parseFixFields(fix, SIRI_VM_XML_FORMAT, timeZone)
    return row.ok ? row : { ...row, detail: `${basename(path)} VehicleActivity of ${fix.vehicle ?? 'no VehicleRef'}: ${row.detail}` }
  })
}
