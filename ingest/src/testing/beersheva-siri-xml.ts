import { readFile } from 'node:fs/promises'

/** One row of the Be'er Sheva sample: the SIRI fields of one observation as the Ministry of Transport server gave them. */
export type BeershevaRow = Record<string, string>

/** The sample's rows (a plain CSV: no quotes, no commas inside fields, checked in its PROVENANCE.md columns). */
export async function readBeershevaRows(path: string): Promise<BeershevaRow[]> {
  const [header = '', ...lines] = (await readFile(path, 'utf8')).split(/\r?\n/).filter((line) => line !== '')
  const names = header.split(',')
  return lines.map((line) => {
    const values = line.split(',')
    return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']))
  })
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const element = (name: string, value: string | undefined): string => (value ? `<siri:${name}>${escapeXml(value)}</siri:${name}>` : '')

/**
 * The rows of one server call (request_id) as the SIRI 2.0 VehicleMonitoring response that carries them: each row's
 * RecordedAtTime and MonitoredVehicleJourney fields, shaped as SIRI's own example response (SIRI-CEN/SIRI
 * examples/siri_exm_VM/exv_vehicleMonitoring_response_simple.xml) with a namespace prefix. The sample was
 * recorded as StopMonitoring; the vehicle fields are the same in a VehicleActivity.
 */
export function siriVmXmlOf(rows: readonly BeershevaRow[], responseTimestamp: string): string {
  const activities = rows.map((row) => [
    '<siri:VehicleActivity>',
    element('RecordedAtTime', row.RecordedAtTime),
    element('ItemIdentifier', row.ItemIdentifier),
    '<siri:MonitoredVehicleJourney>',
    element('LineRef', row.LineRef), element('DirectionRef', row.DirectionRef),
    element('PublishedLineName', row.PublishedLineName), element('OperatorRef', row.OperatorRef),
    element('DestinationRef', row.DestinationRef), element('OriginAimedDepartureTime', row.OriginAimedDepartureTime),
    `<siri:VehicleLocation>${element('Longitude', row.Longitude)}${element('Latitude', row.Latitude)}</siri:VehicleLocation>`,
    element('VehicleRef', row.VehicleRef),
    `<siri:MonitoredCall>${element('StopPointRef', row.StopPointRef)}${element('ExpectedArrivalTime', row.ExpectedArrivalTime)}</siri:MonitoredCall>`,
    '</siri:MonitoredVehicleJourney>',
    '</siri:VehicleActivity>',
  ].join(''))
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<siri:Siri xmlns:siri="http://www.siri.org.uk/siri" version="2.0">',
    `<siri:ServiceDelivery><siri:ResponseTimestamp>${responseTimestamp}</siri:ResponseTimestamp>`,
    `<siri:VehicleMonitoringDelivery version="2.0"><siri:ResponseTimestamp>${responseTimestamp}</siri:ResponseTimestamp>`,
    ...activities,
    '</siri:VehicleMonitoringDelivery></siri:ServiceDelivery></siri:Siri>',
  ].join('\n')
}

/** The sample as the successive responses of its server calls, in call order. */
export function beershevaResponses(rows: readonly BeershevaRow[]): { requestId: string; rows: BeershevaRow[]; xml: string }[] {
  const calls = new Map<string, BeershevaRow[]>()
  for (const row of rows) {
    const id = row.request_id ?? ''
    const call = calls.get(id) ?? []
    call.push(row)
    calls.set(id, call)
  }
  return [...calls].map(([requestId, callRows]) => {
    const at = (callRows[0]?.call_time_toServer ?? '').replace(' ', 'T') + '+03:00'
    return { requestId, rows: callRows, xml: siriVmXmlOf(callRows, at) }
  })
}
