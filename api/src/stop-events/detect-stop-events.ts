import type { ScheduleTrip } from '@masar/gtfs/schedule/schedule'

/**
 * Arrivals and departures at the stops a matched vehicle passes, from its progress along its trip (metres along
 * the shape, as matching gives it). A stop where fixes fell within `radiusM` is arrived at when the bus got
 * within it and left when it got out (both interpolated between the fixes around those moments); a stop passed
 * between two fixes gets one interpolated time for both. Progress that goes backwards (GPS jitter) moves
 * nothing; a new trip starts afresh.
 */
export interface MatchedProgress {
  vehicleId: string
  trip: ScheduleTrip
  serviceDate: string
  atMs: number
  distanceAlongTripM: number
}

export interface StopEvent {
  vehicleId: string
  tripId: string
  routeId: string
  serviceDate: string
  stopId: string
  /** 1-based position of the stop in the trip. */
  stopIndex: number
  arrivalMs: number
  departureMs: number
  /** Whether a fix fell at the stop (observed) or both times come from passing it between fixes (interpolated). */
  observed: boolean
}

interface VehicleProgress {
  tripId: string
  serviceDate: string
  lastAtMs: number
  lastM: number
  /** The next stop not yet reported. */
  nextStop: number
  /** When the bus entered the radius of nextStop, if it is inside it. */
  enteredAtMs: number | null
}

const interpolate = (fromMs: number, fromM: number, toMs: number, toM: number, atM: number) =>
  toM === fromM ? toMs : Math.round(fromMs + ((atM - fromM) / (toM - fromM)) * (toMs - fromMs))

export class StopEventDetector {
  readonly #vehicles = new Map<string, VehicleProgress>()

  constructor(private readonly radiusM = 30) {}

  observe(progress: MatchedProgress): StopEvent[] {
    const { vehicleId, trip, atMs } = progress
    const d = progress.distanceAlongTripM
    let state = this.#vehicles.get(vehicleId)
    if (!state || state.tripId !== trip.tripId || state.serviceDate !== progress.serviceDate) {
      // A new trip: stops before where the bus is now are not claimed (it was not seen passing them).
      let nextStop = 0
      while (nextStop < trip.distancesM.length && trip.distancesM[nextStop]! < d - this.radiusM) nextStop++
      state = { tripId: trip.tripId, serviceDate: progress.serviceDate, lastAtMs: atMs, lastM: d, nextStop, enteredAtMs: null }
      this.#vehicles.set(vehicleId, state)
      if (nextStop < trip.distancesM.length && Math.abs(trip.distancesM[nextStop]! - d) <= this.radiusM) state.enteredAtMs = atMs
      return []
    }
    if (atMs <= state.lastAtMs || d < state.lastM) {
      if (atMs > state.lastAtMs) state.lastAtMs = atMs
      return []
    }
    const events: StopEvent[] = []
    while (state.nextStop < trip.distancesM.length) {
      const stopM = trip.distancesM[state.nextStop]!
      if (d < stopM - this.radiusM) break // not there yet
      const entered = state.enteredAtMs ?? interpolate(state.lastAtMs, state.lastM, atMs, d, Math.max(state.lastM, stopM - this.radiusM))
      if (d <= stopM + this.radiusM && state.nextStop < trip.distancesM.length - 1) {
        state.enteredAtMs = entered // inside the stop's radius: wait to see it leave
        break
      }
      const left = d <= stopM + this.radiusM ? atMs : interpolate(state.lastAtMs, state.lastM, atMs, d, stopM + this.radiusM)
      const observed = state.enteredAtMs !== null || d <= stopM + this.radiusM
      const arrivalMs = observed ? entered : interpolate(state.lastAtMs, state.lastM, atMs, d, stopM)
      const last = state.nextStop === trip.distancesM.length - 1 // the end of the trip: arrived, not departed
      events.push({
        vehicleId, tripId: trip.tripId, routeId: trip.routeId, serviceDate: progress.serviceDate, stopId: trip.stopIds[state.nextStop]!, stopIndex: state.nextStop + 1,
        arrivalMs, departureMs: observed && !last ? Math.max(arrivalMs, left) : arrivalMs, observed,
      })
      state.nextStop += 1
      state.enteredAtMs = null
    }
    state.lastAtMs = atMs
    state.lastM = d
    return events
  }

  forget(vehicleId: string): void {
    this.#vehicles.delete(vehicleId)
  }
}
