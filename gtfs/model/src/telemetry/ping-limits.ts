/** The bounds a ping is checked against. Times in epoch milliseconds. */
export interface PingLimits {
  /** Receive time: the clock the fix time is compared with. */
  nowMs: number
  /** A fix may be this far ahead of the receive time (tracker clock skew). */
  maxFutureMs: number
  /** A fix older than this is outside the retention window and refused. */
  maxAgeMs: number
  /** Reported speeds above this are refused (a bus does not do 200 km/h). */
  maxSpeedMps: number
  /** Size limit of a single-ping message. */
  maxPingBytes: number
  /** Size limit of a batch message (…/positions). */
  maxBatchBytes: number
  /** Most pings one batch message may carry. */
  maxBatchPings: number
}

export const DEFAULT_PING_LIMITS: Omit<PingLimits, 'nowMs'> = {
  maxFutureMs: 2 * 60_000,
  maxAgeMs: 30 * 24 * 3600_000,
  maxSpeedMps: 50,
  maxPingBytes: 4096,
  maxBatchBytes: 512 * 1024,
  maxBatchPings: 2000,
}
