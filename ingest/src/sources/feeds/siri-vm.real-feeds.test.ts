import { describe, expect, it } from 'vitest'
import { beershevaResponses, readBeershevaRows } from '../../testing/beersheva-siri-xml.js'
import { missingRealFeeds, REAL_FEEDS } from '../../testing/real-feeds.js'
import { decodeSiriVm } from './siri-vm.js'

const skip = missingRealFeeds()
if (skip) console.warn(skip)

/** The Be'er Sheva SIRI sample (PROVENANCE.md: 2,500 observations, 1,034 server calls, 17 vehicles, line 17511). */
describe.skipIf(skip !== null)("decodeSiriVm on the real Be'er Sheva SIRI sample", () => {
  it('decodes every observation of every server call to the fix its fields say', async () => {
    const rows = await readBeershevaRows(REAL_FEEDS.beershevaSiri)
    const responses = beershevaResponses(rows)
    expect([rows.length, responses.length]).toEqual([2500, 1034])
    const devices = new Set<string>()
    for (const response of responses) {
      const decoded = decodeSiriVm(new TextEncoder().encode(response.xml), 'text/xml')
      expect(decoded.rejections).toEqual([])
      expect(decoded.fixes).toEqual(response.rows.map((row) => ({
        device: row.VehicleRef,
        payload: { ts: row.RecordedAtTime, lat: Number(row.Latitude), lon: Number(row.Longitude), routeId: row.LineRef },
      })))
      for (const fix of decoded.fixes) devices.add(fix.device)
    }
    expect(devices.size).toBe(17)
  })
})
