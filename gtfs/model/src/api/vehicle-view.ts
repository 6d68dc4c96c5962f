/** How recently a vehicle was heard from: fresh, stale (predictions flagged), offline (left off the feeds). */
export type VehicleHealth = 'fresh' | 'stale' | 'offline'

/** What matching says a vehicle is doing. */
export type VehiclePhase = 'unassigned' | 'in-service' | 'layover' | 'deadhead' | 'at-depot'

/** A vehicle as the api shows it (REST and the live stream) and the dashboard reads it: its state, age and health at a moment. */
export interface VehicleView {
  vehicleId: string
  agencyId: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
  fixAt: string
  receivedAt: string
  ageS: number
  health: VehicleHealth
  declaredTripId: string | null
  declaredRouteId: string | null
  phase: VehiclePhase
  // Matching's view (OneBusAway tripStatus): block, trip, progress, next stop, deviation.
  blockId: string | null
  tripId: string | null
  routeId: string | null
  directionId: number | null
  serviceDate: string | null
  distanceAlongTripM: number | null
  nextStopId: string | null
  /** Seconds behind the timetable (+ late, − early); null when no trip is matched. */
  scheduleDeviationS: number | null
  /** The bus's place on its trip's shape (null when no trip is matched). */
  snapped: { lat: number; lon: number } | null
  offRoute: boolean
}
