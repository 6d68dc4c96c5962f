import type { RuleInput } from './check-context.js'
import { alertsOf, describeInstant, describeStopTimeUpdate, describeTrip, idOf, numberOf, tripUpdatesOf, vehiclePositionsOf } from './feed-fields.js'
import type { IssueLog } from './issue-log.js'
import { isV2OrLater } from './rules-header.js'

/** The validator's POSIX window (TimestampUtils): 2005-01-01 .. 2033-02-10, in seconds. Milliseconds fall above it. */
const MIN_POSIX_S = 1_104_537_600
const MAX_POSIX_S = 1_991_620_134
/** W008: the header may be at most this old. */
const MAX_AGE_S = 65
/** E050: a timestamp may be at most this far ahead of now. */
const FUTURE_TOLERANCE_S = 60

export const isPosixSeconds = (seconds: number) => seconds >= MIN_POSIX_S && seconds <= MAX_POSIX_S

function checkPosix(log: IssueLog, seconds: number, entityId: string | undefined, what: string): boolean {
  if (isPosixSeconds(seconds)) return true
  log.add('E001', entityId, `${what} is ${seconds}, not POSIX seconds (expected ${MIN_POSIX_S}..${MAX_POSIX_S}${seconds > MAX_POSIX_S * 100 ? '; it looks like milliseconds' : ''})`)
  return false
}

function checkFuture(input: RuleInput, seconds: number, entityId: string | undefined, what: string): void {
  const { nowMs } = input.context
  if (nowMs === undefined || seconds * 1000 - nowMs <= FUTURE_TOLERANCE_S * 1000) return
  input.log.add('E050', entityId, `${what} ${describeInstant(seconds)} is ${Math.round(seconds - nowMs / 1000)} s after now ${describeInstant(Math.floor(nowMs / 1000))} (tolerance ${FUTURE_TOLERANCE_S} s)`)
}

/** E001 POSIX seconds, E012 header not the newest, E048/W001 missing timestamps, E050 in the future, W008 stale header. */
export function checkTimestampRules(input: RuleInput): void {
  const { message, log, context } = input
  const header = numberOf(message.header, 'timestamp') ?? 0
  if (header === 0) {
    if (isV2OrLater(message)) log.add('E048', undefined, 'header.timestamp is missing; gtfs_realtime_version 2.0 requires it')
    else log.add('W001', undefined, 'header.timestamp is missing')
  } else if (checkPosix(log, header, undefined, 'header.timestamp')) {
    checkFuture(input, header, undefined, 'header.timestamp')
    if (context.nowMs !== undefined && context.nowMs - header * 1000 > MAX_AGE_S * 1000) {
      log.add('W008', undefined, `header.timestamp ${describeInstant(header)} is ${Math.round(context.nowMs / 1000 - header)} s old at now ${describeInstant(Math.floor(context.nowMs / 1000))} (limit ${MAX_AGE_S} s)`)
    }
  }
  const entityTimestamp = (entityId: string, seconds: number | undefined, what: string) => {
    if (!seconds) {
      log.add('W001', entityId, `${what} has no timestamp`)
      return
    }
    if (header !== 0 && seconds > header) log.add('E012', entityId, `${what} timestamp ${describeInstant(seconds)} is after header.timestamp ${describeInstant(header)}`)
    if (checkPosix(log, seconds, entityId, `${what} timestamp`)) checkFuture(input, seconds, entityId, `${what} timestamp`)
  }
  for (const { entityId, value: tripUpdate } of tripUpdatesOf(message)) {
    entityTimestamp(entityId, numberOf(tripUpdate, 'timestamp'), `trip_update of ${describeTrip(tripUpdate.trip)}`)
    for (const stu of tripUpdate.stopTimeUpdate ?? []) {
      for (const event of ['arrival', 'departure'] as const) {
        const time = numberOf(stu[event], 'time')
        if (time !== undefined) checkPosix(log, time, entityId, `${describeTrip(tripUpdate.trip)} ${describeStopTimeUpdate(stu)} ${event}.time`)
      }
    }
  }
  for (const { entityId, value: vehicle } of vehiclePositionsOf(message)) {
    entityTimestamp(entityId, numberOf(vehicle, 'timestamp'), `vehicle "${idOf(vehicle.vehicle, 'id') ?? ''}"`)
  }
  for (const { entityId, value: alert } of alertsOf(message)) {
    for (const period of alert.activePeriod ?? []) {
      for (const end of ['start', 'end'] as const) {
        const seconds = numberOf(period, end)
        if (seconds !== undefined) checkPosix(log, seconds, entityId, `alert "${entityId}" active_period.${end}`)
      }
    }
  }
}
