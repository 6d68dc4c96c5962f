import { openFeedSource, type FeedSource } from '@masar/gtfs/read/feed-source'
import { readGtfsRows } from '@masar/gtfs/read/read-gtfs-rows'

/**
 * The GTFS facts some rules need that the Schedule does not keep: each trip's stop_sequence values (E045, E051,
 * and placing updates given by stop_sequence alone), each stop's location_type (E015) and the agency ids (E034).
 */
export interface GtfsExtras {
  /**
   * The stop_sequence of each of a trip's stop_times, in the order of that trip's ScheduleTrip.stopIds: both are
   * stop_times.txt sorted by stop_sequence, the same stable sort readScheduleFromFeed uses.
   */
  stopSequencesByTrip: Map<string, number[]>
  /** Every stops.txt stop_id, with or without coordinates (the Schedule drops stops without). */
  locationTypeByStop: Map<string, number>
  /** agency.txt agency_ids; null when the feed gives none (one agency may leave agency_id empty). */
  agencyIds: Set<string> | null
}

async function* rowsOf(source: FeedSource, file: string): AsyncGenerator<Record<string, string>> {
  if (!source.fileNames().includes(file)) return
  for await (const row of readGtfsRows(await source.open(file))) yield row.fields
}

/** Reads the GtfsExtras of a GTFS zip or folder (the one readScheduleFromFeed read). */
export async function readGtfsExtras(path: string): Promise<GtfsExtras> {
  const source = await openFeedSource(path)
  try {
    const sequences = new Map<string, number[]>()
    for await (const row of rowsOf(source, 'stop_times.txt')) {
      const tripId = row.trip_id ?? ''
      const list = sequences.get(tripId)
      const sequence = Number(row.stop_sequence)
      if (list) list.push(sequence)
      else sequences.set(tripId, [sequence])
    }
    for (const list of sequences.values()) list.sort((a, b) => a - b)
    const locationTypeByStop = new Map<string, number>()
    for await (const row of rowsOf(source, 'stops.txt')) locationTypeByStop.set(row.stop_id ?? '', Number(row.location_type?.trim() || 0))
    const agencyIds = new Set<string>()
    for await (const row of rowsOf(source, 'agency.txt')) if (row.agency_id?.trim()) agencyIds.add(row.agency_id.trim())
    return { stopSequencesByTrip: sequences, locationTypeByStop, agencyIds: agencyIds.size > 0 ? agencyIds : null }
  } finally {
    await source.close()
  }
}
