/**
 * GTFS-Realtime's Alert.Cause and Alert.Effect names, as the api accepts them and the dashboard offers them. Plain
 * values (no TypeBox), so the dashboard's bundle takes them without the schema builder.
 */
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
