/**
 * On time, the transit industry's usual definition (TCQSM; most agencies' on-time performance): from one minute
 * early to five minutes late at a timepoint. The one rule the api's KPIs, the dashboard's colours and the demo's
 * adherence evaluation share. Deviation in seconds behind the timetable (+ late, − early).
 */
export const ON_TIME_EARLIEST_S = -60
export const ON_TIME_LATEST_S = 300

export function isOnTime(deviationS: number): boolean {
  return deviationS >= ON_TIME_EARLIEST_S && deviationS <= ON_TIME_LATEST_S
}
