import { describe, expect, it } from 'vitest'
import { alertPhase, alertToForm, emptyForm, endNowBody, formToBody, type AlertForm } from './alert-form.js'
import type { StoredAlert } from '@masar/model/api/alerts'

const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime() / 1000

function form(over: Partial<AlertForm>): AlertForm {
  return { ...emptyForm(), headerAr: 'تحويلة على الخط 12', headerEn: 'Route 12 detour', routeIds: ['12'], ...over }
}

const stored: StoredAlert = {
  alertId: 7, version: 3, cause: 'CONSTRUCTION', effect: 'DETOUR',
  activePeriods: [{ start: at(2025, 3, 1, 7, 0), end: at(2025, 3, 2, 22, 0) }, { start: at(2025, 4, 1, 7, 0) }],
  informedEntities: [{ routeId: '12' }, { stopId: 'S9' }, { agencyId: 'AMM' }, { routeId: '12', directionId: 1 }],
  headerText: { ar: 'تحويلة', en: 'Detour' }, descriptionText: { en: 'Via Zahran St.' }, url: {},
  createdAt: '2025-02-28T10:00:00.000Z', updatedAt: '2025-02-28T11:00:00.000Z', updatedBy: 'dispatcher',
}

describe('alert form → api body', () => {
  it('builds the body: trimmed texts, a route and a stop selector each, the period in epoch seconds', () => {
    const result = formToBody(form({ cause: 'WEATHER', effect: 'SIGNIFICANT_DELAYS', headerEn: '  Snow delays ', descriptionAr: 'ثلوج', stopIds: ['S1', 'S1', ' '], start: '2025-01-05T06:00', end: '2025-01-05T12:30' }))
    expect(result).toEqual({
      ok: true,
      body: {
        cause: 'WEATHER', effect: 'SIGNIFICANT_DELAYS',
        activePeriods: [{ start: at(2025, 1, 5, 6, 0), end: at(2025, 1, 5, 12, 30) }],
        informedEntities: [{ routeId: '12' }, { stopId: 'S1' }],
        headerText: { ar: 'تحويلة على الخط 12', en: 'Snow delays' }, descriptionText: { ar: 'ثلوج' }, url: {},
      },
    })
  })
  it('sends no period when both ends are open (in force until ended), and only the end when that is all there is', () => {
    const open = formToBody(form({}))
    expect(open.ok && open.body.activePeriods).toEqual([])
    const endOnly = formToBody(form({ end: '2025-01-05T12:30' }))
    expect(endOnly.ok && endOnly.body.activePeriods).toEqual([{ end: at(2025, 1, 5, 12, 30) }])
  })
  it('lists every problem as a catalog key', () => {
    expect(formToBody(form({ headerAr: ' ', headerEn: '', routeIds: [] }))).toEqual({ ok: false, problems: ['alerts.problem.headerAr', 'alerts.problem.headerEn', 'alerts.problem.noEntity'] })
    expect(formToBody(form({ start: '2025-01-05T12:00', end: '2025-01-05T11:59' }))).toEqual({ ok: false, problems: ['alerts.problem.endBeforeStart'] })
    expect(formToBody(form({ start: '2025-13-05T12:00' }))).toEqual({ ok: false, problems: ['alerts.problem.badDate'] })
    expect(formToBody(form({ urlEn: 'masar.jo/detour' }))).toEqual({ ok: false, problems: ['alerts.problem.url'] })
    expect(formToBody(form({ descriptionEn: 'x'.repeat(2001) }))).toEqual({ ok: false, problems: ['alerts.problem.tooLong'] })
  })
})

describe('api alert → form', () => {
  it('edits the first period and the plain route and stop selectors, carrying the rest through', () => {
    const f = alertToForm(stored)
    expect(f).toMatchObject({ cause: 'CONSTRUCTION', effect: 'DETOUR', headerAr: 'تحويلة', headerEn: 'Detour', descriptionAr: '', descriptionEn: 'Via Zahran St.', start: '2025-03-01T07:00', end: '2025-03-02T22:00', routeIds: ['12'], stopIds: ['S9'] })
    expect(f.otherEntities).toEqual([{ agencyId: 'AMM' }, { routeId: '12', directionId: 1 }])
    const back = formToBody(f)
    expect(back.ok && back.body.activePeriods).toEqual(stored.activePeriods)
    expect(back.ok && back.body.informedEntities).toEqual([{ routeId: '12' }, { stopId: 'S9' }, { agencyId: 'AMM' }, { routeId: '12', directionId: 1 }])
  })
  it('falls back to the unknown cause and effect for names it does not know', () => {
    expect(alertToForm({ ...stored, cause: 'ALIENS', effect: '' } as unknown as StoredAlert)).toMatchObject({ cause: 'UNKNOWN_CAUSE', effect: 'UNKNOWN_EFFECT' })
  })
})

describe('alert phase and ending an alert', () => {
  const now = at(2025, 3, 2, 12, 0)
  it('tells active, upcoming and ended apart', () => {
    expect(alertPhase(stored, now)).toBe('active')
    expect(alertPhase(stored, at(2025, 3, 20, 0, 0))).toBe('upcoming')
    expect(alertPhase(stored, at(2025, 2, 1, 0, 0))).toBe('upcoming')
    expect(alertPhase({ activePeriods: [{ end: now }] }, now)).toBe('ended')
    expect(alertPhase({ activePeriods: [] }, now)).toBe('active')
  })
  it('ends running periods now and drops the ones not yet started', () => {
    const body = endNowBody(stored, now)
    expect(body?.activePeriods).toEqual([{ start: at(2025, 3, 1, 7, 0), end: now }])
    expect(body && alertPhase(body, now)).toBe('ended')
    expect(body?.informedEntities).toBe(stored.informedEntities)
    expect(endNowBody({ ...stored, activePeriods: [] }, now)?.activePeriods).toEqual([{ end: now }])
  })
  it('has nothing to keep for an alert that only starts later: delete it instead', () => {
    expect(endNowBody({ ...stored, activePeriods: [{ start: now + 60 }] }, now)).toBeNull()
  })
})
