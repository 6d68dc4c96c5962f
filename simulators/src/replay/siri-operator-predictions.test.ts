import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSiriOperatorPredictions } from './siri-operator-predictions.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masar-siri-predictions-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function tableFile(name: string, lines: string[], options: { gzip?: boolean } = {}): Promise<string> {
  const path = join(dir, name)
  const text = `${lines.join('\n')}\n`
  await writeFile(path, options.gzip ? gzipSync(text) : text)
  return path
}

const HEADER = 'RecordedAtTime,ItemIdentifier,MonitoringRef,MonitoredVehicleJourney,LineRef,DirectionRef,PublishedLineName,OperatorRef,'
  + 'DestinationRef,OriginAimedDepartureTime,VehicleLocation,VehicleRef,MonitoredCall,Longitude,Latitude,StopPointRef,VehicleAtStop,'
  + 'ExpectedArrivalTime,request_id,call_time_toServer,AimedArrivalTime,ArrivalStatus'

/** A SIRItoGTFS row: the server's answer for one monitored stop in one call, about one vehicle fix. */
function row(call: { at: string; vehicle: string; stop: string; expected: string; request: number; origin?: string }): string {
  return `${call.at},1,${call.stop},,17511,2,4,32,13543,${call.origin ?? '2017-07-19T05:00:00.000+03:00'},,${call.vehicle},,34.82,31.28,${call.stop},,`
    + `${call.expected},${call.request},2017-07-19 05:00:03,,`
}

const at = (hour: number, minute: number, second = 0) => Date.UTC(2017, 6, 19, hour - 3, minute, second) // +03:00

describe('readSiriOperatorPredictions', () => {
  it('gives one prediction per vehicle, stop and fix time, the first the server gave, in order of fix time', async () => {
    const path = await tableFile('siri.csv', [
      HEADER,
      row({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:22:00.000+03:00', request: 601 }),
      row({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', stop: '11262', expected: '2017-07-19T05:30:00.000+03:00', request: 601 }),
      row({ at: '2017-07-19T05:00:00.000+03:00', vehicle: '3633478', stop: '669', expected: '2017-07-19T05:10:00.000+03:00', request: 601, origin: '2017-07-19T04:40:00.000+03:00' }),
      // The next call sees the same fix; the server has revised its prediction meanwhile.
      row({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:23:00.000+03:00', request: 602 }),
      row({ at: '2017-07-19T05:00:45.000+03:00', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:23:00.000+03:00', request: 603 }),
    ])
    expect(await readSiriOperatorPredictions(path)).toEqual([
      { vehicleId: '3633478', madeAtMs: at(5, 0), stopCode: '669', predictedMs: at(5, 10), lineRef: '17511', originAimedDepartureMs: at(4, 40) },
      { vehicleId: '4348808', madeAtMs: at(5, 0, 15), stopCode: '669', predictedMs: at(5, 22), lineRef: '17511', originAimedDepartureMs: at(5, 0) },
      { vehicleId: '4348808', madeAtMs: at(5, 0, 15), stopCode: '11262', predictedMs: at(5, 30), lineRef: '17511', originAimedDepartureMs: at(5, 0) },
      { vehicleId: '4348808', madeAtMs: at(5, 0, 45), stopCode: '669', predictedMs: at(5, 23), lineRef: '17511', originAimedDepartureMs: at(5, 0) },
    ])
  })

  it('leaves out rows without an ExpectedArrivalTime and rows it cannot read; reads gzip', async () => {
    const path = await tableFile('siri-gaps.csv.gz', [
      HEADER,
      row({ at: '2017-07-19T05:00:15.000+03:00', vehicle: '4348808', stop: '669', expected: '', request: 601 }),
      row({ at: '2017-07-19 05:00:30', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:22:00.000+03:00', request: 602 }),
      row({ at: '2017-07-19T05:00:45.000+03:00', vehicle: '4348808', stop: '669', expected: 'soon', request: 603 }),
      row({ at: '2017-07-19T05:01:00.000+03:00', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:21:00.000+03:00', request: 604 }).slice(0, -1),
      row({ at: '2017-07-19T05:01:15.000+03:00', vehicle: '4348808', stop: '669', expected: '2017-07-19T05:21:00.000+03:00', request: 605 }),
    ], { gzip: true })
    const predictions = await readSiriOperatorPredictions(path)
    expect(predictions.map((p) => p.madeAtMs)).toEqual([at(5, 1, 15)])
  })

  it('names the columns it needs when the file is not a SIRI table, and says so for a missing or empty file', async () => {
    const austin = await tableFile('austin.csv', ['vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign'])
    await expect(readSiriOperatorPredictions(austin)).rejects.toMatchObject({
      code: 'TRACE_UNKNOWN_FORMAT',
      message: expect.stringContaining('has no column VehicleRef, RecordedAtTime, StopPointRef, ExpectedArrivalTime, LineRef, OriginAimedDepartureTime'),
    })
    await expect(readSiriOperatorPredictions(join(dir, 'absent.csv'))).rejects.toMatchObject({ code: 'TRACE_NOT_FOUND' })
    await expect(readSiriOperatorPredictions(await tableFile('empty.csv', []))).rejects.toMatchObject({ code: 'TRACE_EMPTY' })
  })
})
