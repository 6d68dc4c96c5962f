/**
 * Every rule of the MobilityData GTFS-Realtime validator (../shared/data/spec/gtfs-realtime-validator-rules/RULES.md,
 * MobilityData/gtfs-realtime-validator @ 57146b4): its title, the feeds it applies to, what it needs beyond the feed
 * itself, and, where this checker does not check it or reads it differently from the validator, why.
 */
export type FeedKind = 'vehicle-positions' | 'trip-updates' | 'alerts'

/**
 * What a rule needs besides the message: the static schedule, the GTFS facts the Schedule does not keep
 * (gtfs-extras.ts), the previous message of the same feed, the current time, or the agency's other feed.
 */
export type RuleNeed = 'schedule' | 'gtfsExtras' | 'previous' | 'nowMs' | 'companionFeed'

export interface RuleInfo {
  title: string
  appliesTo: readonly FeedKind[]
  needs: readonly RuleNeed[]
  /** Set when this checker never checks the rule: why not. */
  notChecked?: string
  /** How this checker reads the rule, where that is narrower or wider than RULES.md or the validator's code. */
  note?: string
}

const ALL: readonly FeedKind[] = ['trip-updates', 'vehicle-positions', 'alerts']
const TU: readonly FeedKind[] = ['trip-updates']
const VP: readonly FeedKind[] = ['vehicle-positions']
const TU_VP: readonly FeedKind[] = ['trip-updates', 'vehicle-positions']
const ALERTS: readonly FeedKind[] = ['alerts']

export const RULE_CATALOG = {
  E001: { title: 'Not in POSIX time', appliesTo: ALL, needs: [], note: 'POSIX means 2005-01-01 .. 2033-02-10 in seconds, as the validator (TimestampUtils.isPosix)' },
  E002: { title: 'stop_time_updates not strictly sorted', appliesTo: TU, needs: [], note: 'stop_sequence order needs nothing; updates given by stop_id alone are placed on the GTFS trip when a schedule is given' },
  E003: { title: 'GTFS-rt trip_id does not exist in GTFS data', appliesTo: ALL, needs: ['schedule'], note: 'trip_update, vehicle and alert trips; ADDED and NEW trips are exempt; frequency-based trips are found by their GTFS trip_id' },
  E004: { title: 'GTFS-rt route_id does not exist in GTFS data', appliesTo: ALL, needs: ['schedule'], note: 'also alert informed_entity route_ids, which the validator skips' },
  E006: { title: 'Missing required trip field for frequency-based exact_times = 0', appliesTo: TU_VP, needs: ['schedule'] },
  E009: { title: "GTFS-rt stop_sequence isn't provided for trip that visits same stop_id more than once", appliesTo: TU, needs: ['schedule'], note: 'once per trip_update' },
  E010: {
    title: 'location_type not 0 in stops.txt', appliesTo: ALL, needs: [],
    notChecked: 'a rule on the static feed, not on a realtime feed: the validator implements it but does not run it (issue #126); the GTFS import validator is the place for it',
  },
  E011: { title: 'GTFS-rt stop_id does not exist in GTFS data', appliesTo: ALL, needs: ['schedule'], note: 'the Schedule drops stops without coordinates (nodes, boarding areas); with gtfsExtras every stops.txt id counts' },
  E012: { title: 'Header timestamp should be greater than or equal to all other timestamps', appliesTo: TU_VP, needs: [] },
  E013: { title: 'Frequency type 0 trip schedule_relationship should be UNSCHEDULED or empty', appliesTo: TU_VP, needs: ['schedule'] },
  E015: { title: 'All stop_ids referenced in GTFS-rt TripUpdates and VehiclePositions feeds must have the location_type = 0', appliesTo: TU_VP, needs: ['schedule', 'gtfsExtras'], note: 'the Schedule does not keep location_type: gtfsExtras does' },
  E016: { title: 'trip_ids with schedule_relationship ADDED must not be in GTFS data', appliesTo: TU_VP, needs: ['schedule'], note: 'NEW (the successor of ADDED) too' },
  E017: { title: 'GTFS-rt content changed but has the same header timestamp', appliesTo: ALL, needs: ['previous'], note: 'content = the encoded entities' },
  E018: { title: 'GTFS-rt header timestamp decreased between two sequential iterations', appliesTo: ALL, needs: ['previous'] },
  E019: { title: 'GTFS-rt frequency type 1 trip start_time must be a multiple of GTFS headway_secs later than GTFS start_time', appliesTo: TU_VP, needs: ['schedule'], note: 'a missing start_time counts too' },
  E020: { title: 'Invalid start_time format', appliesTo: TU_VP, needs: [], note: 'H:MM:SS or HH:MM:SS, hours 0..47' },
  E021: { title: 'Invalid start_date format', appliesTo: TU_VP, needs: [], note: 'YYYYMMDD and a real calendar date' },
  E022: { title: 'Sequential stop_time_update times are not increasing', appliesTo: TU, needs: [], note: 'as the validator: each time must be later than the latest earlier arrival and departure time (equal is not increasing); one issue per time' },
  E023: { title: 'trip start_time does not match first GTFS arrival_time', appliesTo: TU_VP, needs: ['schedule'], note: 'compared as seconds, so 5:49:00 equals 05:49:00; not for frequency-based trips (E019)' },
  E024: { title: 'trip direction_id does not match GTFS data', appliesTo: TU_VP, needs: ['schedule'] },
  E025: { title: 'stop_time_update departure time is before arrival time', appliesTo: TU, needs: [] },
  E026: { title: 'Invalid vehicle position', appliesTo: VP, needs: [] },
  E027: { title: 'Invalid vehicle bearing', appliesTo: VP, needs: [] },
  E028: { title: 'Vehicle position outside agency coverage area', appliesTo: VP, needs: ['schedule'], note: 'coverage = bounding box of shapes.txt (else stops.txt) widened by 1,609 m, as the validator' },
  E029: { title: 'Vehicle position far from trip shape', appliesTo: VP, needs: ['schedule'], note: 'more than 200 m from the trip\'s shape, unless a DETOUR alert (in this feed or companions.alerts) names the trip or its route' },
  E030: { title: 'GTFS-rt alert trip_id does not belong to GTFS-rt alert route_id in GTFS trips.txt', appliesTo: ALERTS, needs: ['schedule'] },
  E031: { title: 'Alert informed_entity.route_id does not match informed_entity.trip.route_id', appliesTo: ALERTS, needs: [] },
  E032: { title: 'Alert does not have an informed_entity', appliesTo: ALERTS, needs: [] },
  E033: { title: 'Alert informed_entity does not have any specifiers', appliesTo: ALERTS, needs: [] },
  E034: {
    title: 'GTFS-rt agency_id does not exist in GTFS data', appliesTo: ALERTS, needs: ['schedule', 'gtfsExtras'],
    note: 'the Schedule does not keep agency.txt: gtfsExtras does; not checked when agency.txt gives no agency_id (a single agency may omit it)',
  },
  E035: { title: 'GTFS-rt trip.trip_id does not belong to GTFS-rt trip.route_id in GTFS trips.txt', appliesTo: ALL, needs: ['schedule'] },
  E036: { title: 'Sequential stop_time_updates have the same stop_sequence', appliesTo: TU, needs: [] },
  E037: { title: 'Sequential stop_time_updates have the same stop_id', appliesTo: TU, needs: [], note: 'not when both give different stop_sequences (a loop with no update inside it, which RULES.md allows)' },
  E038: { title: 'Invalid header.gtfs_realtime_version', appliesTo: ALL, needs: [], note: 'a missing version is invalid too (RULES.md: required)' },
  E039: { title: 'FULL_DATASET feeds should not include entity.is_deleted', appliesTo: ALL, needs: [] },
  E040: { title: "stop_time_update doesn't contain stop_id or stop_sequence", appliesTo: TU, needs: [] },
  E041: { title: "trip doesn't have any stop_time_updates", appliesTo: TU, needs: [], note: 'CANCELED and DELETED trips need none' },
  E042: { title: 'arrival or departure provided for NO_DATA stop_time_update', appliesTo: TU, needs: [] },
  E043: { title: "stop_time_update doesn't have arrival or departure", appliesTo: TU, needs: [] },
  E044: { title: "stop_time_update arrival/departure doesn't have delay or time", appliesTo: TU, needs: [] },
  E045: { title: 'GTFS-rt stop_time_update stop_sequence and stop_id do not match GTFS', appliesTo: TU, needs: ['schedule', 'gtfsExtras'], note: 'the Schedule does not keep stop_sequence: gtfsExtras does' },
  E046: {
    title: "GTFS-rt stop_time_update without time doesn't have arrival/departure time in GTFS", appliesTo: TU, needs: ['schedule'],
    note: 'updates given by stop_sequence alone are placed with gtfsExtras; not for frequency-based trips (the Schedule shifts their missing times with the run)',
  },
  E047: { title: 'VehiclePosition and TripUpdate ID pairing mismatch', appliesTo: TU_VP, needs: ['companionFeed'], note: 'block_ids of the two trips come from the schedule when given' },
  E048: { title: 'header timestamp not populated (GTFS-rt v2.0 and higher)', appliesTo: ALL, needs: [] },
  E049: { title: 'header incrementality not populated (GTFS-rt v2.0 and higher)', appliesTo: ALL, needs: [] },
  E050: { title: 'timestamp is in the future', appliesTo: ALL, needs: ['nowMs'], note: 'more than 60 s after nowMs, as the validator' },
  E051: { title: 'GTFS-rt stop_sequence not found in GTFS data', appliesTo: TU, needs: ['schedule', 'gtfsExtras'], note: 'the Schedule does not keep stop_sequence: gtfsExtras does' },
  E052: { title: 'vehicle.id is not unique', appliesTo: VP, needs: [] },
  W001: { title: 'timestamps not populated', appliesTo: ALL, needs: [], note: 'header (v1.0; v2.0 is E048), trip_update and vehicle timestamps; alerts have no timestamp field' },
  W002: { title: 'vehicle_id not populated', appliesTo: TU_VP, needs: [] },
  W003: { title: 'ID in one feed missing from the other', appliesTo: TU_VP, needs: ['companionFeed'] },
  W004: { title: 'vehicle speed is unrealistic', appliesTo: VP, needs: [], note: 'above 26 m/s or below 0, as the validator' },
  W005: { title: 'Missing vehicle_id in trip_update for frequency-based exact_times = 0', appliesTo: TU_VP, needs: ['schedule'] },
  W006: { title: 'trip_update missing trip_id', appliesTo: ALL, needs: [], note: 'any trip descriptor: trip_update, vehicle and alert informed_entity.trip' },
  W007: { title: 'Refresh interval is more than 35 seconds', appliesTo: ALL, needs: ['previous'], note: 'the interval between this and the previous header timestamp' },
  W008: { title: 'Header timestamp is older than 65 seconds', appliesTo: ALL, needs: ['nowMs'] },
  W009: { title: 'schedule_relationship not populated', appliesTo: ALL, needs: [], note: 'trip descriptors, and stop_time_updates once per trip' },
} as const satisfies Record<string, RuleInfo>

export type RuleId = keyof typeof RULE_CATALOG

export const RULE_IDS = Object.keys(RULE_CATALOG) as RuleId[]

export function severityOf(rule: RuleId): 'error' | 'warning' {
  return rule.startsWith('E') ? 'error' : 'warning'
}

export function ruleInfo(rule: RuleId): RuleInfo {
  return RULE_CATALOG[rule]
}
