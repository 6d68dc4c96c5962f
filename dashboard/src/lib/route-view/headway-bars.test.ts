import { describe, expect, it } from 'vitest'
import type { Headway } from '@masar/model/api/routes'
import { headwayTicks, toHeadwayChart } from './headway-bars.js'

const h = (vehicleId: string, aheadVehicleId: string | null, headwayS: number | null, scheduledHeadwayS: number | null, state: Headway['state']): Headway => ({
  vehicleId, tripId: `T-${vehicleId}`, aheadVehicleId, headwayS, scheduledHeadwayS, state,
})

describe('headway chart', () => {
  const chart = toHeadwayChart({
    directions: {
      '1': [h('b1', null, null, null, 'leading'), h('b2', 'b1', 2400, 600, 'gap')],
      '0': [h('a1', null, null, null, 'leading'), h('a2', 'a1', 30, 600, 'bunched'), h('a3', 'a2', 620, 600, 'ok')],
    },
  })

  it('orders directions by id and names each one\'s leader', () => {
    expect(chart.directions.map((d) => [d.directionId, d.leaderId])).toEqual([['0', 'a1'], ['1', 'b1']])
  })

  it('makes a bar per bus behind another, keeping the api\'s bunched/gap classes', () => {
    const [zero, one] = chart.directions
    expect(zero!.bars.map((b) => [b.vehicleId, b.aheadVehicleId, b.state])).toEqual([['a2', 'a1', 'bunched'], ['a3', 'a2', 'ok']])
    expect([zero!.bunched, zero!.gaps]).toEqual([1, 0])
    expect([one!.bunched, one!.gaps]).toEqual([0, 1])
  })

  it('draws every direction on one scale topped at the longest headway, in whole minutes', () => {
    expect(chart.maxS).toBe(2400)
    const gap = chart.directions[1]!.bars[0]!
    expect(gap.height).toBe(1)
    expect(gap.scheduledHeight).toBeCloseTo(0.25, 10)
    expect(chart.directions[0]!.bars[0]!.height).toBeCloseTo(30 / 2400, 10)
  })

  it('keeps a five-minute scale for short headways and rounds the top up to a minute', () => {
    expect(toHeadwayChart({ directions: { '0': [h('a', null, null, null, 'leading'), h('b', 'a', 100, 120, 'ok')] } }).maxS).toBe(300)
    expect(toHeadwayChart({ directions: { '0': [h('a', null, null, null, 'leading'), h('b', 'a', 100, 601, 'ok')] } }).maxS).toBe(660)
  })

  it('draws an overtaken bus (negative headway) as an empty bar and no timetable mark without one', () => {
    const bar = toHeadwayChart({ directions: { '0': [h('a', null, null, null, 'leading'), h('b', 'a', -40, 0, 'bunched')] } }).directions[0]!.bars[0]!
    expect(bar.height).toBe(0)
    expect(bar.scheduledHeight).toBeNull()
  })

  it('gives an empty chart for a route with no buses', () => {
    expect(toHeadwayChart({ directions: {} })).toEqual({ maxS: 300, directions: [] })
  })

  it('puts ticks on whole minutes', () => {
    expect(headwayTicks(300)).toEqual([0, 60, 120, 180, 240, 300])
    expect(headwayTicks(2400)).toEqual([0, 600, 1200, 1800, 2400])
  })
})
