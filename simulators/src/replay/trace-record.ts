/** One recorded position of a trace, in our units: an instant in epoch milliseconds (UTC), degrees, metres per second. */
export interface TraceRecord {
  vehicleId: string
  /** The recorded fix (or poll) time, epoch milliseconds. */
  atMs: number
  lat: number
  lon: number
  /** Absent when the trace has none or says it is unknown (Amman writes 0 for unknown). */
  bearingDeg?: number
  speedMps?: number
  tripId?: string
  routeId?: string
  /** The scheduled departure of the vehicle's journey from its first stop (SIRI OriginAimedDepartureTime), epoch ms. */
  journeyStartMs?: number
  /** The stop the trace says the vehicle is at or heading to (Amman's stop_id: the station it reached last). */
  stopId?: string
  /** The trace's own direction label, as written (Amman 0/1, a NextBus direction tag such as 10_0_VHBR). */
  direction?: string
}
