import { describe, expect, it } from 'vitest'
import { NO_TIME, StopTimeTable } from './stop-time-table.js'

function tableOf(rows: [trip: number, sequence: number, line: number][]): StopTimeTable {
  const table = new StopTimeTable()
  for (const [tripIndex, sequence, line] of rows) {
    table.push({ tripIndex, stopIndex: 0, sequence, arrivalSeconds: NO_TIME, departureSeconds: NO_TIME, shapeDistTraveled: Number.NaN, line })
  }
  return table
}

describe('StopTimeTable.groupByTrip', () => {
  it('groups interleaved rows by trip and orders each trip by stop_sequence, then line', () => {
    const table = tableOf([[1, 30, 2], [0, 2, 3], [1, 10, 4], [0, 1, 5], [1, 10, 6], [1, 20, 7]])
    const { order, starts } = table.groupByTrip(3)
    const lines = (t: number) => Array.from(order.subarray(starts[t]!, starts[t + 1]!), (row) => table.line[row])
    expect(lines(0)).toEqual([5, 3])
    expect(lines(1)).toEqual([4, 6, 7, 2])
    expect(lines(2)).toEqual([])
  })

  it('grows past its first capacity without losing rows', () => {
    const rows: [number, number, number][] = Array.from({ length: 5000 }, (_, i) => [i % 7, 5000 - i, i + 2])
    const table = tableOf(rows)
    expect(table.length).toBe(5000)
    const { order, starts } = table.groupByTrip(7)
    expect(starts[7]).toBe(5000)
    const first = order.subarray(starts[0]!, starts[1]!)
    expect(table.sequence[first[0]!]).toBeLessThan(table.sequence[first[1]!]!)
  })
})

describe('StopTimeTable times', () => {
  it('reads a missing departure as the arrival and a missing arrival as the departure', () => {
    const table = new StopTimeTable()
    table.push({ tripIndex: 0, stopIndex: 0, sequence: 1, arrivalSeconds: 100, departureSeconds: NO_TIME, shapeDistTraveled: Number.NaN, line: 2 })
    table.push({ tripIndex: 0, stopIndex: 0, sequence: 2, arrivalSeconds: NO_TIME, departureSeconds: 200, shapeDistTraveled: Number.NaN, line: 3 })
    expect([table.reachSeconds(0), table.leaveSeconds(0)]).toEqual([100, 100])
    expect([table.reachSeconds(1), table.leaveSeconds(1)]).toEqual([200, 200])
  })
})
