import type { MessageKey } from '../i18n/catalog.js'
import { epochSToLocalInput, localInputToEpochS } from '../time/datetime-local.js'
import { isCause, isEffect, type AlertCause, type AlertEffect } from '@masar/model/api/alert-kinds'
import type { ActivePeriod, AlertBody, AlertText, InformedEntity, StoredAlert } from '@masar/model/api/alerts'

/**
 * The alert editor's fields ⇄ the api's AlertBody. The form edits one active period and the route and stop
 * selectors; other periods and selectors (agency, trip) of an alert made elsewhere are carried through untouched.
 */
export interface AlertForm {
  cause: AlertCause
  effect: AlertEffect
  headerAr: string
  headerEn: string
  descriptionAr: string
  descriptionEn: string
  urlAr: string
  urlEn: string
  /** datetime-local values; '' = open-ended. */
  start: string
  end: string
  routeIds: string[]
  stopIds: string[]
  otherPeriods: ActivePeriod[]
  otherEntities: InformedEntity[]
}

export function emptyForm(): AlertForm {
  return {
    cause: 'UNKNOWN_CAUSE', effect: 'UNKNOWN_EFFECT', headerAr: '', headerEn: '', descriptionAr: '', descriptionEn: '', urlAr: '', urlEn: '',
    start: '', end: '', routeIds: [], stopIds: [], otherPeriods: [], otherEntities: [],
  }
}

export function alertToForm(alert: StoredAlert): AlertForm {
  const [first, ...otherPeriods] = alert.activePeriods
  const routeIds: string[] = []
  const stopIds: string[] = []
  const otherEntities: InformedEntity[] = []
  for (const entity of alert.informedEntities) {
    const keys = Object.keys(entity)
    if (keys.length === 1 && typeof entity.routeId === 'string') routeIds.push(entity.routeId)
    else if (keys.length === 1 && typeof entity.stopId === 'string') stopIds.push(entity.stopId)
    else otherEntities.push(entity)
  }
  return {
    cause: isCause(alert.cause) ? alert.cause : 'UNKNOWN_CAUSE',
    effect: isEffect(alert.effect) ? alert.effect : 'UNKNOWN_EFFECT',
    headerAr: alert.headerText.ar ?? '', headerEn: alert.headerText.en ?? '',
    descriptionAr: alert.descriptionText.ar ?? '', descriptionEn: alert.descriptionText.en ?? '',
    urlAr: alert.url.ar ?? '', urlEn: alert.url.en ?? '',
    start: epochSToLocalInput(first?.start), end: epochSToLocalInput(first?.end),
    routeIds, stopIds, otherPeriods, otherEntities,
  }
}

export type FormResult = { ok: true; body: AlertBody } | { ok: false; problems: MessageKey[] }

const MAX_TEXT = 2000

/** The body to send, or every problem with the form (each a catalog sentence), in the order of the fields. */
export function formToBody(form: AlertForm): FormResult {
  const problems: MessageKey[] = []
  const headerAr = form.headerAr.trim()
  const headerEn = form.headerEn.trim()
  if (!headerAr) problems.push('alerts.problem.headerAr')
  if (!headerEn) problems.push('alerts.problem.headerEn')
  const texts = [form.headerAr, form.headerEn, form.descriptionAr, form.descriptionEn, form.urlAr, form.urlEn]
  if (texts.some((text) => text.trim().length > MAX_TEXT)) problems.push('alerts.problem.tooLong')
  const urls = [form.urlAr, form.urlEn].map((u) => u.trim()).filter(Boolean)
  if (urls.some((u) => !/^https?:\/\/\S+$/.test(u))) problems.push('alerts.problem.url')
  const start = localInputToEpochS(form.start)
  const end = localInputToEpochS(form.end)
  if (start === 'invalid' || end === 'invalid') problems.push('alerts.problem.badDate')
  else if (start !== null && end !== null && end < start) problems.push('alerts.problem.endBeforeStart')
  const informedEntities: InformedEntity[] = [
    ...unique(form.routeIds).map((routeId) => ({ routeId })),
    ...unique(form.stopIds).map((stopId) => ({ stopId })),
    ...form.otherEntities,
  ]
  if (informedEntities.length === 0) problems.push('alerts.problem.noEntity')
  if (problems.length) return { ok: false, problems }

  const period: ActivePeriod = {}
  if (typeof start === 'number') period.start = start
  if (typeof end === 'number') period.end = end
  const activePeriods = [...(Object.keys(period).length ? [period] : []), ...form.otherPeriods]
  return {
    ok: true,
    body: {
      cause: form.cause, effect: form.effect, activePeriods, informedEntities,
      headerText: { ar: headerAr, en: headerEn },
      descriptionText: textOf(form.descriptionAr, form.descriptionEn),
      url: textOf(form.urlAr, form.urlEn),
    },
  }
}

/** The api refuses empty strings: only the languages that have text. */
function textOf(ar: string, en: string): AlertText {
  const text: AlertText = {}
  if (ar.trim()) text.ar = ar.trim()
  if (en.trim()) text.en = en.trim()
  return text
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter(Boolean))]
}

export type AlertPhase = 'active' | 'upcoming' | 'ended'

/** In force now, starting later, or over. No periods at all means always in force (GTFS-Realtime). */
export function alertPhase(alert: Pick<AlertBody, 'activePeriods'>, nowS: number): AlertPhase {
  if (alert.activePeriods.length === 0) return 'active'
  let upcoming = false
  for (const { start, end } of alert.activePeriods) {
    if ((start === undefined || start <= nowS) && (end === undefined || end > nowS)) return 'active'
    if (start !== undefined && start > nowS) upcoming = true
  }
  return upcoming ? 'upcoming' : 'ended'
}

/**
 * The body that ends an alert now (PUT, so it stays in the history): periods still running end now, periods that
 * have not started are dropped. Null when nothing would be left (only future periods): then DELETE it instead,
 * since an alert without periods is in force for ever.
 */
export function endNowBody(alert: StoredAlert, nowS: number): AlertBody | null {
  const periods: ActivePeriod[] = alert.activePeriods.length === 0 ? [{ end: nowS }] : alert.activePeriods.flatMap((p) => {
    if (p.start !== undefined && p.start > nowS) return []
    return [{ ...p, end: p.end === undefined ? nowS : Math.min(p.end, nowS) }]
  })
  if (periods.length === 0) return null
  return {
    cause: isCause(alert.cause) ? alert.cause : 'UNKNOWN_CAUSE', effect: isEffect(alert.effect) ? alert.effect : 'UNKNOWN_EFFECT',
    activePeriods: periods, informedEntities: alert.informedEntities, headerText: { ar: alert.headerText.ar ?? '', en: alert.headerText.en ?? '' }, descriptionText: alert.descriptionText, url: alert.url,
  }
}
