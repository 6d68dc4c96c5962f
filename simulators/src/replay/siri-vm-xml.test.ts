import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTrace } from './read-trace.js'

/** Two polled SIRI-VM responses written by hand after the SIRI specification's example (see their header comments). */
const FIXTURES = fileURLToPath(new URL('./fixtures/siri-vm-xml/', import.meta.url))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-siri-xml-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const VEH987654 = {
  vehicleId: 'VEH987654', atMs: Date.UTC(2004, 11, 17, 14, 30, 47), lat: 53.55, lon: 0.1, bearingDeg: 123,
  tripId: '987675', routeId: 'Line123', journeyStartMs: Date.UTC(2004, 11, 17, 14, 15),
}
const VEH987659 = { vehicleId: 'VEH987659', atMs: Date.UTC(2004, 11, 17, 14, 30, 47), lat: 53.5, lon: 0, bearingDeg: 70, tripId: 'Outbound', routeId: 'Line123' }

describe('readTrace: SIRI-VM responses as XML', () => {
  it('reads one response: VehicleRef, RecordedAtTime, VehicleLocation, Bearing, LineRef, DatedVehicleJourneyRef as the trip, OriginAimedDepartureTime as the journey start', async () => {
    const trace = await readTrace(join(FIXTURES, 'response-093047.xml'))
    expect(trace.format.name).toBe('siri-vm-xml')
    expect(trace.records).toEqual([VEH987654, VEH987659])
    expect(trace.skipped.count).toBe(0)
  })

  it('reads a folder of polled responses (namespace prefixed or not, gzipped or not): a fix repeated by the next poll once, an activity without a place counted', async () => {
    const folder = join(dir, 'polls')
    await mkdir(folder)
    await copyFile(join(FIXTURES, 'response-093047.xml'), join(folder, 'response-093047.xml'))
    await writeFile(join(folder, 'response-093117.xml.gz'), gzipSync(await readFile(join(FIXTURES, 'response-093117.xml'))))
    await writeFile(join(folder, 'README.txt'), 'not a response')
    const trace = await readTrace(folder)
    expect(trace.format.name).toBe('siri-vm-xml')
    expect(trace.records).toEqual([
      VEH987654, VEH987659,
      { vehicleId: 'VEH987659', atMs: Date.UTC(2004, 11, 17, 14, 31, 10), lat: 53.501, lon: 0.002, bearingDeg: 72, tripId: 'Outbound', routeId: 'Line123' },
    ])
    expect(trace.repeatsDropped).toBe(1)
    expect(trace.vehicles).toBe(2)
    expect(trace.skipped.byReason).toEqual({ invalid_position: 1 })
    expect(trace.skipped.examples[0]!.detail).toMatch(/^response-093117\.xml\.gz VehicleActivity of 0070: /) // as written: not the number 70
  })

  it('counts a response in a folder that is not XML, and says so of a lone file', async () => {
    const folder = join(dir, 'broken')
    await mkdir(folder)
    await copyFile(join(FIXTURES, 'response-093047.xml'), join(folder, 'a.xml'))
    await writeFile(join(folder, 'b.xml'), '<Siri><ServiceDelivery><VehicleActivity></ServiceDelivery>')
    const trace = await readTrace(folder)
    expect(trace.records).toHaveLength(2)
    expect(trace.skipped.byReason).toEqual({ unreadable_snapshot: 1 })
    await expect(readTrace(join(folder, 'b.xml'))).rejects.toMatchObject({ code: 'TRACE_UNREADABLE', message: expect.stringContaining('is not a SIRI XML document') })
  })

  it('refuses a folder holding both GTFS-Realtime and SIRI snapshots, naming what a trace may be', async () => {
    const folder = join(dir, 'mixed')
    await mkdir(folder)
    await copyFile(join(FIXTURES, 'response-093047.xml'), join(folder, 'a.xml'))
    await writeFile(join(folder, 'b.pb'), new Uint8Array())
    await expect(readTrace(folder)).rejects.toMatchObject({ code: 'TRACE_UNKNOWN_FORMAT', message: expect.stringContaining('holds both GTFS-Realtime and SIRI snapshots; a trace is a CSV trace') })
  })
})
