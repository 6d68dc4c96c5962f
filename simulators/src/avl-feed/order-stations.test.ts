import { describe, expect, it } from 'vitest'
import type { Fix, VehicleTrack } from './clean-fixes.js'
import { orderStations } from './order-stations.js'

const minute = 60_000
function track(vehicleId: string, direction: string, stopIds: string[], startMs = 0): VehicleTrack {
  const fixes: Fix[] = stopIds.map((stopId, i) => ({ atMs: startMs + i * minute, lat: 31.95, lon: 35.9 + i * 0.001, stopId, direction, stale: false }))
  return { routeId: '99', vehicleId, fixes }
}

describe('orderStations', () => {
  it('orders stations by the changes buses report, polls that skip a station included', () => {
    const patterns = orderStations([track('a', '0', ['A', 'B', 'C', 'D']), track('b', '0', ['A', 'C', 'D']), track('c', '0', ['B', 'D'])])
    expect(patterns).toEqual([{ direction: '0', stopIds: ['A', 'B', 'C', 'D'] }])
  })

  it('lets the majority outvote a bus labelled with the wrong direction', () => {
    const right = [1, 2, 3].map((n) => track(`r${n}`, '0', ['A', 'B', 'C', 'D']))
    const wrong = track('w', '0', ['D', 'C', 'B', 'A']) // driving back while still labelled 0
    expect(orderStations([...right, wrong])[0]!.stopIds).toEqual(['A', 'B', 'C', 'D'])
  })

  it('leaves out a station a direction reports only now and then', () => {
    const many = Array.from({ length: 20 }, (_, n) => track(`v${n}`, '1', ['D', 'C', 'B', 'A']))
    const stray = track('x', '1', ['D', 'Z', 'C'])
    expect(orderStations([...many, stray])[0]!.stopIds).toEqual(['D', 'C', 'B', 'A'])
  })

  it('does not join two reports far apart in time into one journey', () => {
    const broken: VehicleTrack = { routeId: '99', vehicleId: 'a', fixes: [
      { atMs: 0, lat: 0, lon: 0, stopId: 'B', direction: '0', stale: false },
      { atMs: 60 * minute, lat: 0, lon: 0, stopId: 'A', direction: '0', stale: false },
    ] }
    const patterns = orderStations([broken, track('b', '0', ['A', 'B']), track('c', '0', ['A', 'B'])])
    expect(patterns[0]!.stopIds).toEqual(['A', 'B'])
  })
})
