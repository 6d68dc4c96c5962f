import type pg from 'pg'
import { declareTrip, endDeclaredTrip, loadDeclaredTrips } from './declared-trips.repository.js'

/**
 * The trips drivers declared from their phones, as every ingest instance sees them: its own declarations at once,
 * the others' within `refreshMs` (reread from declared_trips). The gateway stamps a declared trip on the vehicle's
 * fixes that name none, so the matcher takes it as it takes any tracker's tripId.
 */
export class DeclaredTrips {
  #byVehicle = new Map<string, string>()
  #timer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly pool: pg.Pool, private readonly onError: (err: unknown) => void) {}

  async start(refreshMs: number): Promise<void> {
    await this.refresh()
    this.#timer = setInterval(() => { this.refresh().catch(this.onError) }, refreshMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  async refresh(): Promise<void> {
    this.#byVehicle = new Map((await loadDeclaredTrips(this.pool)).map((t) => [t.vehicleId, t.tripId]))
  }

  tripOf(vehicleId: string): string | undefined {
    return this.#byVehicle.get(vehicleId)
  }

  async declare(agencyId: string, vehicleId: string, tripId: string, nowMs: number): Promise<void> {
    await declareTrip(this.pool, { agencyId, vehicleId, tripId, declaredAtMs: nowMs })
    this.#byVehicle.set(vehicleId, tripId)
  }

  async end(vehicleId: string): Promise<void> {
    await endDeclaredTrip(this.pool, vehicleId)
    this.#byVehicle.delete(vehicleId)
  }
}
