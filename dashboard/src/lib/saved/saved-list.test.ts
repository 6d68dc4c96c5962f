import { describe, expect, it } from 'vitest'
import { emptySaved, formatSaved, isRouteSaved, isStopSaved, MAX_SAVED, parseSaved, toggleRoute, toggleStop } from './saved-list.js'

describe('saved stops and routes', () => {
  it('save a stop first in the list, and forget it on a second toggle', () => {
    const one = toggleStop(emptySaved(), { stopId: 'S1', name: 'العبدلي' })
    const two = toggleStop(one, { stopId: 'S2', name: 'الدوار الأول' })
    expect(two.stops.map((s) => s.stopId)).toEqual(['S2', 'S1'])
    expect(isStopSaved(two, 'S1')).toBe(true)
    const forgot = toggleStop(two, { stopId: 'S1', name: 'whatever' })
    expect(forgot.stops).toEqual([{ stopId: 'S2', name: 'الدوار الأول' }])
    expect(isStopSaved(forgot, 'S1')).toBe(false)
  })

  it('save and forget routes apart from stops', () => {
    const saved = toggleRoute(toggleStop(emptySaved(), { stopId: 'BRT1', name: 'a stop' }), { routeId: 'BRT1', name: 'BRT1' })
    expect(isRouteSaved(saved, 'BRT1')).toBe(true)
    expect(isRouteSaved(toggleRoute(saved, { routeId: 'BRT1', name: 'BRT1' }), 'BRT1')).toBe(false)
    expect(isStopSaved(toggleRoute(saved, { routeId: 'BRT1', name: 'BRT1' }), 'BRT1')).toBe(true)
  })

  it('survive a round trip through storage text', () => {
    const saved = toggleRoute(toggleStop(emptySaved(), { stopId: 'S1', name: 'العبدلي' }), { routeId: 'R7', name: '7' })
    expect(parseSaved(formatSaved(saved))).toEqual(saved)
  })

  it('read anything else in storage as an empty or cleaned list, never throwing', () => {
    expect(parseSaved(null)).toEqual(emptySaved())
    expect(parseSaved('not json')).toEqual(emptySaved())
    expect(parseSaved('42')).toEqual(emptySaved())
    expect(parseSaved('{"stops":"S1"}')).toEqual(emptySaved())
    expect(parseSaved(JSON.stringify({ stops: [{ stopId: 'S1' }, { stopId: 'S1', name: 'twice' }, { name: 'no id' }, null, { stopId: 7 }] }))).toEqual({
      stops: [{ stopId: 'S1', name: 'S1' }],
      routes: [],
    })
  })

  it('keep at most MAX_SAVED, dropping the oldest', () => {
    let saved = emptySaved()
    for (let i = 0; i <= MAX_SAVED; i++) saved = toggleStop(saved, { stopId: `S${i}`, name: `${i}` })
    expect(saved.stops).toHaveLength(MAX_SAVED)
    expect(saved.stops[0]!.stopId).toBe(`S${MAX_SAVED}`)
    expect(isStopSaved(saved, 'S0')).toBe(false)
  })
})
