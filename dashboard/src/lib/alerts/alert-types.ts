/** Service alerts as the api takes and gives them (api/src/alerts/alerts.repository.ts, alerts-routes.ts). */
export interface AlertText {
  ar?: string
  en?: string
}

export interface ActivePeriod {
  start?: number
  end?: number
}

export type InformedEntity = { routeId?: string; stopId?: string; agencyId?: string } & Record<string, unknown>

export interface AlertBody {
  cause: AlertCause
  effect: AlertEffect
  activePeriods: ActivePeriod[]
  informedEntities: InformedEntity[]
  headerText: AlertText
  descriptionText: AlertText
  url: AlertText
}

export interface StoredAlert extends Omit<AlertBody, 'cause' | 'effect'> {
  cause: string
  effect: string
  alertId: number
  version: number
  createdAt: string
  updatedAt: string
  updatedBy: string
}

/** The GTFS-Realtime Alert.Cause and Alert.Effect names, as the api's schema accepts them. */
export const ALERT_CAUSES = [
  'UNKNOWN_CAUSE', 'OTHER_CAUSE', 'TECHNICAL_PROBLEM', 'STRIKE', 'DEMONSTRATION', 'ACCIDENT', 'HOLIDAY', 'WEATHER', 'MAINTENANCE',
  'CONSTRUCTION', 'POLICE_ACTIVITY', 'MEDICAL_EMERGENCY', 'SPECIAL_EVENT',
] as const
export const ALERT_EFFECTS = [
  'NO_SERVICE', 'REDUCED_SERVICE', 'SIGNIFICANT_DELAYS', 'DETOUR', 'ADDITIONAL_SERVICE', 'MODIFIED_SERVICE', 'OTHER_EFFECT',
  'UNKNOWN_EFFECT', 'STOP_MOVED', 'NO_EFFECT', 'ACCESSIBILITY_ISSUE',
] as const
export type AlertCause = (typeof ALERT_CAUSES)[number]
export type AlertEffect = (typeof ALERT_EFFECTS)[number]

export function isCause(value: string): value is AlertCause {
  return (ALERT_CAUSES as readonly string[]).includes(value)
}
export function isEffect(value: string): value is AlertEffect {
  return (ALERT_EFFECTS as readonly string[]).includes(value)
}
