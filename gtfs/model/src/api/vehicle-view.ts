import { Type, type Static } from '@sinclair/typebox'
import { IsoDateTime, Nullable, Obj, StringEnum } from './schema.js'

/** How recently a vehicle was heard from: fresh, stale (predictions flagged), offline (left off the feeds). */
export const VehicleHealth = StringEnum(['fresh', 'stale', 'offline'])
export type VehicleHealth = Static<typeof VehicleHealth>

/** What matching says a vehicle is doing. */
export const VehiclePhase = StringEnum(['unassigned', 'in-service', 'layover', 'deadhead', 'at-depot'])
export type VehiclePhase = Static<typeof VehiclePhase>

/** A vehicle as the api shows it (REST and the live stream) and the dashboard reads it: its state, age and health at a moment. */
export const VehicleView = Obj({
  vehicleId: Type.String(),
  agencyId: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  speedMps: Nullable(Type.Number()),
  bearingDeg: Nullable(Type.Number()),
  fixAt: IsoDateTime('the tracker\'s clock'),
  receivedAt: IsoDateTime('when ingest received the fix'),
  ageS: Type.Integer({ description: 'seconds since the fix' }),
  health: VehicleHealth,
  declaredTripId: Nullable(Type.String()),
  declaredRouteId: Nullable(Type.String()),
  phase: VehiclePhase,
  // Matching's view (OneBusAway tripStatus): block, trip, progress, next stop, deviation.
  blockId: Nullable(Type.String()),
  tripId: Nullable(Type.String()),
  routeId: Nullable(Type.String()),
  directionId: Nullable(Type.Integer()),
  serviceDate: Nullable(Type.String()),
  distanceAlongTripM: Nullable(Type.Number()),
  nextStopId: Nullable(Type.String()),
  scheduleDeviationS: Nullable(Type.Number(), 'seconds behind the timetable (+ late, − early); null when no trip is matched'),
  snapped: Nullable(Obj({ lat: Type.Number(), lon: Type.Number() }), 'the bus\'s place on its trip\'s shape (null when no trip is matched)'),
  offRoute: Type.Boolean(),
  adherence: Nullable(Type.Union([
    Obj({ kind: Type.Literal('schedule'), deviationS: Type.Number({ description: 'seconds behind the timetable (+ late, − early)' }) }),
    Obj({
      kind: Type.Literal('headway'),
      gapS: Nullable(Type.Number(), 'seconds behind the bus ahead on the route (null: it leads)'),
      scheduledHeadwayS: Type.Number({ description: 'the headway the route is run to now (frequencies.txt)' }),
    }),
  ]), 'how the bus keeps to its service (realtime/vehicle-adherence.ts): schedule deviation on a timetabled trip, the gap to the bus ahead on a trip run to a headway (frequencies.txt exact_times 0); null when no trip is matched'),
})
export type VehicleView = Static<typeof VehicleView>
