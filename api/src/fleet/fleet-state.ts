import type { VehiclePing } from '@masar/model/telemetry/ping'
import type { VehicleMatch } from '../matching/vehicle-match.js'

/**
 * The live fleet: every vehicle's latest fix and when it was heard, in memory. Health follows the fix's age:
 * fresh, stale after staleAfterMs without a fix, offline after offlineAfterMs. A late or repeated fix (older than
 * the one held) never moves a vehicle back. Listeners hear each change (the WebSocket stream sends them on).
 */
export type VehicleHealth = 'fresh' | 'stale' | 'offline'

export interface VehicleState {
  agencyId: string
  vehicleId: string
  lat: number
  lon: number
  speedMps: number | null
  bearingDeg: number | null
  /** Tracker fix time and when Masar received it (epoch ms). */
  fixAtMs: number
  receivedAtMs: number
  /** What the tracker declares, as it declares it. */
  declaredTripId: string | null
  declaredRouteId: string | null
  occupancy: VehiclePing['occupancy']
  /** The block and trip it works, where along it, how late (null until matched, or without a schedule). */
  match: VehicleMatch | null
}

export interface FleetStateOptions {
  staleAfterMs: number
  offlineAfterMs: number
}

export class FleetState {
  readonly #vehicles = new Map<string, VehicleState>()
  readonly #listeners = new Set<(vehicle: VehicleState) => void>()
  #version = 0

  constructor(private options: FleetStateOptions) {}

  /** The health thresholds (a reader takes the engine's). */
  setOptions(options: FleetStateOptions): void {
    this.options = options
  }

  /** Whether a fix would move the vehicle (it is newer than the one held). */
  isNewer(ping: VehiclePing): boolean {
    const held = this.#vehicles.get(ping.vehicleId)
    return !held || held.fixAtMs < ping.recordedAtMs
  }

  /** Applies a fix, with what matching made of it; false when it is not newer than the one held. */
  apply(ping: VehiclePing, receivedAtMs: number, match: VehicleMatch | null = null): boolean {
    if (!this.isNewer(ping)) return false
    const state: VehicleState = {
      agencyId: ping.agencyId, vehicleId: ping.vehicleId, lat: ping.lat, lon: ping.lon, speedMps: ping.speedMps, bearingDeg: ping.bearingDeg,
      fixAtMs: ping.recordedAtMs, receivedAtMs, declaredTripId: ping.tripId, declaredRouteId: ping.routeId, occupancy: ping.occupancy, match,
    }
    this.#vehicles.set(ping.vehicleId, state)
    this.#version += 1
    for (const listener of this.#listeners) listener(state)
    return true
  }

  /**
   * A vehicle's state as the engine derived it (an api reader follows the engine); false when not newer, unless
   * `replace` (the reader's rule: what another engine left retained gives way to the leader's, newer or not).
   */
  replicate(state: VehicleState, replace = false): boolean {
    const held = this.#vehicles.get(state.vehicleId)
    if (held && held.fixAtMs >= state.fixAtMs && !replace) return false
    this.#vehicles.set(state.vehicleId, state)
    this.#version += 1
    for (const listener of this.#listeners) listener(state)
    return true
  }

  /** Forgets a vehicle (a reader's, when the leader no longer holds it). */
  remove(vehicleId: string): boolean {
    if (!this.#vehicles.delete(vehicleId)) return false
    this.#version += 1
    return true
  }

  healthOf(vehicle: VehicleState, nowMs: number): VehicleHealth {
    const age = nowMs - vehicle.fixAtMs
    if (age >= this.options.offlineAfterMs) return 'offline'
    return age >= this.options.staleAfterMs ? 'stale' : 'fresh'
  }

  get(vehicleId: string): VehicleState | undefined {
    return this.#vehicles.get(vehicleId)
  }

  all(): IterableIterator<VehicleState> {
    return this.#vehicles.values()
  }

  get size(): number {
    return this.#vehicles.size
  }

  /** Grows on every change: feeds rebuild only when it moved. */
  get version(): number {
    return this.#version
  }

  onChange(listener: (vehicle: VehicleState) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
