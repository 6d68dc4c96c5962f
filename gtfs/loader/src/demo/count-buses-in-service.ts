/**
 * Buses in service, from a GTFS timetable. A block (trips.txt block_id) is one bus. A bus is in service at instant t
 * when t lies between the first departure and the last arrival of its block's trips on that service: while it runs
 * a trip, and while it waits at a terminal between two consecutive trips of its block. A trip without a block_id is
 * a bus of its own. Times are seconds since the service day's origin (GTFS time); one service day at a time.
 */
export interface BlockTrip {
  tripId: string
  /** Empty when trips.txt has no block_id for the trip. */
  blockId: string
  serviceId: string
}

export interface TripStopTime {
  tripId: string
  arrivalSeconds: number
  departureSeconds: number
}

export interface BlockSpan {
  blockId: string
  firstDepartureSeconds: number
  lastArrivalSeconds: number
}

/** The time span of each block that has trips on `serviceId` with stop times. */
export function spanBlocks(trips: readonly BlockTrip[], stopTimes: readonly TripStopTime[], serviceId: string): BlockSpan[] {
  const blockByTrip = new Map<string, string>()
  for (const trip of trips) {
    if (trip.serviceId === serviceId) blockByTrip.set(trip.tripId, trip.blockId === '' ? `trip:${trip.tripId}` : trip.blockId)
  }
  const spans = new Map<string, BlockSpan>()
  for (const stopTime of stopTimes) {
    const blockId = blockByTrip.get(stopTime.tripId)
    if (blockId === undefined) continue
    const span = spans.get(blockId)
    if (span === undefined) {
      spans.set(blockId, { blockId, firstDepartureSeconds: stopTime.departureSeconds, lastArrivalSeconds: stopTime.arrivalSeconds })
    } else {
      span.firstDepartureSeconds = Math.min(span.firstDepartureSeconds, stopTime.departureSeconds)
      span.lastArrivalSeconds = Math.max(span.lastArrivalSeconds, stopTime.arrivalSeconds)
    }
  }
  return [...spans.values()]
}

export function countBusesInService(spans: readonly BlockSpan[], atSeconds: number): number {
  return spans.filter((s) => s.firstDepartureSeconds <= atSeconds && atSeconds <= s.lastArrivalSeconds).length
}

/** The most buses in service at any one instant, and the first instant it happens (null when there are none). */
export function findPeakBusesInService(spans: readonly BlockSpan[]): { buses: number; atSeconds: number | null } {
  // Spans are closed intervals: at equal times a bus starting counts before a bus ending leaves.
  const events = spans.flatMap((s) => [
    { atSeconds: s.firstDepartureSeconds, change: 1 },
    { atSeconds: s.lastArrivalSeconds, change: -1 },
  ])
  events.sort((a, b) => a.atSeconds - b.atSeconds || b.change - a.change)
  let buses = 0
  let peak = { buses: 0, atSeconds: null as number | null }
  for (const event of events) {
    buses += event.change
    if (buses > peak.buses) peak = { buses, atSeconds: event.atSeconds }
  }
  return peak
}
