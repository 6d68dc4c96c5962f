import { describe, expect, it } from 'vitest'
import { REAL_TRACES, missingRealTraces } from './real-traces.js'
import { readSiriOperatorPredictions } from './siri-operator-predictions.js'

const missing = missingRealTraces()
if (missing) console.warn(`siri operator predictions real traces: ${missing}`)

// Counts from ../shared/data/avl/israel-beersheva-siri-2017-07-19/PROVENANCE.md and the file itself.
describe.skipIf(missing !== null)(`readSiriOperatorPredictions on the Be'er Sheva sample${missing ? ` (${missing})` : ''}`, () => {
  it('reads one prediction per vehicle, stop and fix: 1,973 of the 2,500 rows, all five monitored stops, line 17511', async () => {
    const predictions = await readSiriOperatorPredictions(REAL_TRACES.beersheva)
    expect(predictions).toHaveLength(1_973)
    expect(new Set(predictions.map((p) => p.stopCode))).toEqual(new Set(['669', '11262', '11297', '11300', '13303']))
    expect(new Set(predictions.map((p) => p.vehicleId)).size).toBe(17)
    expect(new Set(predictions.map((p) => p.lineRef))).toEqual(new Set(['17511']))
    expect(predictions.every((p, i) => i === 0 || predictions[i - 1]!.madeAtMs <= p.madeAtMs)).toBe(true)
    expect(new Date(predictions[0]!.madeAtMs).toISOString()).toBe('2017-07-19T02:00:00.000Z') // 05:00:00+03:00
    expect(new Date(predictions.at(-1)!.madeAtMs).toISOString()).toBe('2017-07-19T06:58:52.000Z')
    // A fix re-served over ten calls while the server revised its prediction from 05:52 to 05:55: the first is kept.
    const revised = predictions.filter((p) => p.vehicleId === '3633478' && p.stopCode === '669' && p.madeAtMs === Date.parse('2017-07-19T05:30:01+03:00'))
    expect(revised.map((p) => new Date(p.predictedMs).toISOString())).toEqual(['2017-07-19T02:52:00.000Z'])
    expect(predictions.every((p) => p.predictedMs >= p.madeAtMs - 60_000 && p.originAimedDepartureMs <= p.predictedMs)).toBe(true)
  })
})
