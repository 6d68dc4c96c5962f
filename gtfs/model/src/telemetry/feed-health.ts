/**
 * A polled vendor feed's health (GTFS-Realtime VehiclePositions, SIRI-VM): the counters ingest's poller keeps since
 * this instance began polling it. Ingest writes them to source_health (one writer); the api reads them back for the
 * dispatcher's sources panel. Instants in epoch milliseconds.
 */
export interface FeedHealth<Kind extends string = string> {
  url: string
  kind: Kind
  lastSuccessAtMs: number | null
  lastErrorAtMs: number | null
  lastError: string | null
  polls: number
  errors: number
  consecutiveErrors: number
  /** Fixes handed on. */
  fixes: number
  /** Fixes dropped because their vehicle had the same time in the previous poll. */
  unchanged: number
  /** Rejections handed on: refused entities and refused answers. */
  rejected: number
}

/** A feed's row of source_health: its health, which source it is, who polls it how often, and when it was written. */
export interface SourceHealthRecord extends FeedHealth {
  sourceId: string
  /** How often ingest polls it; null when not recorded. */
  intervalS: number | null
  /** The ingest instance that polls it. */
  instance: string
  updatedAtMs: number
}
