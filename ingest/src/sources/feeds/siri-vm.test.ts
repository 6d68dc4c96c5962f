import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { decodeSiriVm } from './siri-vm.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * Written by hand from SIRI's own example response (SIRI-CEN/SIRI examples/siri_exm_VM/
 * exv_vehicleMonitoring_response_simple.xml), with the siri: prefix some producers use and a third activity that
 * lacks its location.
 */
const SIRI_XML = `<?xml version="1.0" encoding="UTF-8"?>
<siri:Siri xmlns:siri="http://www.siri.org.uk/siri" version="2.1">
 <siri:ServiceDelivery>
  <siri:ResponseTimestamp>2004-12-17T09:30:47-05:00</siri:ResponseTimestamp>
  <siri:ProducerRef>NADER</siri:ProducerRef>
  <siri:VehicleMonitoringDelivery version="2.1">
   <siri:ResponseTimestamp>2004-12-17T09:30:47-05:00</siri:ResponseTimestamp>
   <siri:VehicleActivity>
    <siri:RecordedAtTime>2004-12-17T09:30:47-05:00</siri:RecordedAtTime>
    <siri:MonitoredVehicleJourney>
     <siri:LineRef>Line123</siri:LineRef>
     <siri:FramedVehicleJourneyRef><siri:DataFrameRef>2004-12-17</siri:DataFrameRef><siri:DatedVehicleJourneyRef>987675</siri:DatedVehicleJourneyRef></siri:FramedVehicleJourneyRef>
     <siri:PublishedLineName xml:lang="EN">123</siri:PublishedLineName>
     <siri:VehicleLocation><siri:Longitude>0.1</siri:Longitude><siri:Latitude>53.55</siri:Latitude></siri:VehicleLocation>
     <siri:Bearing>123</siri:Bearing>
     <siri:VehicleRef>VEH987654</siri:VehicleRef>
    </siri:MonitoredVehicleJourney>
   </siri:VehicleActivity>
   <siri:VehicleActivity>
    <siri:RecordedAtTime>2004-12-17T09:30:40-05:00</siri:RecordedAtTime>
    <siri:MonitoredVehicleJourney>
     <siri:LineRef>Line123</siri:LineRef>
     <siri:VehicleLocation><siri:Longitude>0</siri:Longitude><siri:Latitude>53.5</siri:Latitude></siri:VehicleLocation>
     <siri:VehicleRef>007</siri:VehicleRef>
    </siri:MonitoredVehicleJourney>
   </siri:VehicleActivity>
   <siri:VehicleActivity>
    <siri:RecordedAtTime>2004-12-17T09:30:40-05:00</siri:RecordedAtTime>
    <siri:MonitoredVehicleJourney><siri:VehicleRef>VEH3</siri:VehicleRef></siri:MonitoredVehicleJourney>
   </siri:VehicleActivity>
  </siri:VehicleMonitoringDelivery>
 </siri:ServiceDelivery>
</siri:Siri>`

describe('decodeSiriVm, XML', () => {
  it('turns each VehicleActivity into a fix named by VehicleRef and refuses one without a location', () => {
    const decoded = decodeSiriVm(bytes(SIRI_XML), 'text/xml; charset=utf-8')
    expect(decoded.fixes).toEqual([
      { device: 'VEH987654', payload: { ts: '2004-12-17T09:30:47-05:00', lat: 53.55, lon: 0.1, bearing: 123, tripId: '987675', routeId: 'Line123' } },
      { device: '007', payload: { ts: '2004-12-17T09:30:40-05:00', lat: 53.5, lon: 0, routeId: 'Line123' } },
    ])
    expect(decoded.rejections).toMatchObject([{ reason: 'missing_field', device: 'VEH3' }])
    expect(JSON.parse(new TextDecoder().decode(decoded.rejections[0]?.payload))).toHaveProperty('MonitoredVehicleJourney')
  })

  it('reads XML without a content type, and refuses broken XML as malformed_body', () => {
    expect(decodeSiriVm(bytes(SIRI_XML)).fixes).toHaveLength(2)
    const broken = SIRI_XML.replace('</siri:VehicleActivity>', '')
    expect(decodeSiriVm(bytes(broken), 'application/xml').rejections).toMatchObject([{ reason: 'malformed_body' }])
  })

  it("refuses a delivery's ErrorCondition as unexpected_content", () => {
    const xml = `<Siri xmlns="http://www.siri.org.uk/siri"><ServiceDelivery><VehicleMonitoringDelivery><Status>false</Status>
      <ErrorCondition><AccessNotAllowedError/><Description>Unknown participant</Description></ErrorCondition></VehicleMonitoringDelivery></ServiceDelivery></Siri>`
    const decoded = decodeSiriVm(bytes(xml), 'text/xml')
    expect(decoded.fixes).toEqual([])
    expect(decoded.rejections).toMatchObject([{ reason: 'unexpected_content', detail: expect.stringContaining('Unknown participant') }])
  })
})

describe('decodeSiriVm, JSON', () => {
  /**
   * MTA Bus Time's SIRI VehicleMonitoring JSON (https://bustime.mta.info/wiki/Developers/SIRIVehicleMonitoring and
   * .../SIRIMonitoredVehicleJourney: the element values of the documented B63 example; lists as JSON arrays,
   * coordinates and Bearing as numbers, PublishedLineName a list in version 2), written by hand. The coordinates,
   * bearings, the vehicle numbers (the doc's 7560 with MTA's agency prefix) and the second vehicle are ours.
   */
  const mta = async (): Promise<Uint8Array> => readFile(new URL('./fixtures/mta-bus-time-vehicle-monitoring.json', import.meta.url))

  it('reads Siri.ServiceDelivery.VehicleMonitoringDelivery[].VehicleActivity[]', async () => {
    const decoded = decodeSiriVm(await mta(), 'application/json;charset=UTF-8')
    expect(decoded.rejections).toEqual([])
    expect(decoded.fixes.map((fix) => fix.device)).toEqual(['MTA NYCT_7560', 'MTA NYCT_7561'])
    expect(decoded.fixes[0]?.payload).toEqual({
      ts: '2011-01-28T10:15:12.000-05:00', lat: 40.665585, lon: -73.985803, bearing: 234.2,
      tripId: 'MTA NYCT_20110102EA_087800_B63_0002_B63_19', routeId: 'MTA NYCT_B63',
    })
  })

  it("turns MTA's bearing (0 east, counter-clockwise) into compass degrees when told", async () => {
    const decoded = decodeSiriVm(await mta(), undefined, { bearing: 'east-counterclockwise' })
    expect(decoded.fixes.map((fix) => fix.payload.bearing)).toEqual([expect.closeTo(215.8, 6), 0])
  })

  it('refuses broken JSON, JSON without a delivery, HTML and an empty body', () => {
    expect(decodeSiriVm(bytes('{"Siri": {'), 'application/json').rejections).toMatchObject([{ reason: 'malformed_body' }])
    expect(decodeSiriVm(bytes('{"error":"no key"}'), 'application/json').rejections).toMatchObject([{ reason: 'unexpected_content' }])
    expect(decodeSiriVm(bytes('<!DOCTYPE html><html><body>Login</body></html>'), 'text/html').rejections).toMatchObject([{ reason: 'unexpected_content' }])
    expect(decodeSiriVm(bytes('<html><body>Login</body></html>')).rejections).toMatchObject([{ reason: 'unexpected_content' }])
    expect(decodeSiriVm(bytes('  \n')).rejections).toMatchObject([{ reason: 'unexpected_content' }])
  })

  it('accepts SIRI-lite { value } wrappers and string coordinates; a non-numeric coordinate is wrong_type', () => {
    const activity = (latitude: unknown) => ({
      RecordedAtTime: '2024-01-01T10:00:00Z',
      MonitoredVehicleJourney: { VehicleRef: { value: 'V1' }, LineRef: { value: 'L1' }, VehicleLocation: { Latitude: latitude, Longitude: '35.9' } },
    })
    const body = JSON.stringify({ Siri: { ServiceDelivery: { VehicleMonitoringDelivery: { VehicleActivity: [activity('31.95'), activity('north')] } } } })
    const decoded = decodeSiriVm(bytes(body))
    expect(decoded.fixes).toEqual([{ device: 'V1', payload: { ts: '2024-01-01T10:00:00Z', lat: 31.95, lon: 35.9, routeId: 'L1' } }])
    expect(decoded.rejections).toMatchObject([{ reason: 'wrong_type', device: 'V1' }])
  })
})
