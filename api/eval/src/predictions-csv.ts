import { createWriteStream } from 'node:fs'
import type { Schedule } from '@masar/gtfs/schedule/schedule'
import type { PredictionOutcome } from '@masar/api/predictions/prediction-types'

/**
 * Every scored prediction as CSV, for any other tool to score the same predictions:
 * made_at_epoch,trip_id,stop_id,stop_sequence,predicted_arrival_epoch,method (seconds; the feed's stop_sequence).
 */
export const PREDICTIONS_CSV_HEADER = 'made_at_epoch,trip_id,stop_id,stop_sequence,predicted_arrival_epoch,method'

const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

export function formatPredictionRow(o: PredictionOutcome, schedule: Schedule): string {
  const stopSequence = schedule.trips.get(o.tripId)?.stopSequences?.[o.stopIndex - 1] ?? o.stopIndex
  return `${Math.round(o.madeAtMs / 1000)},${field(o.tripId)},${field(o.stopId)},${stopSequence},${Math.round(o.predictedMs / 1000)},${o.method}`
}

export async function writePredictionsCsv(path: string, outcomes: readonly PredictionOutcome[], schedule: Schedule): Promise<void> {
  const out = createWriteStream(path)
  const done = new Promise<void>((resolve, reject) => {
    out.on('error', reject)
    out.on('finish', resolve)
  })
  out.write(`${PREDICTIONS_CSV_HEADER}\n`)
  for (const o of outcomes) out.write(`${formatPredictionRow(o, schedule)}\n`)
  out.end()
  await done
}
