import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AMMAN_DEMO_FEED_PATH } from '@masar/gtfs/demo-feed-path'
import { readCapMetricsSchedule } from '@masar/gtfs/read/capmetrics-schedule'
import { readScheduleFromFeed } from '@masar/gtfs/schedule/read-schedule-from-feed'
import type { Schedule } from '@masar/gtfs/schedule/schedule'

export class EvalUsageError extends Error {}

/** The day (YYYY-MM-DD) in a trace file's name, as CapMetrics names them (vehicle_positions_2015-03-07.csv.gz). */
export const dayInFileName = (path: string): string | null => /(\d{4}-\d{2}-\d{2})[^/]*$/.exec(path)?.[1] ?? null

/**
 * The trace files --avl names: a file, or a folder of one file per day (YYYY-MM-DD in the name: CapMetrics'
 * multi-day folder), in day order; a folder without such files is passed on whole (a reader of folders takes it).
 */
export async function traceFiles(avl: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const path of avl) {
    const info = await stat(path).catch(() => null)
    if (!info) throw new EvalUsageError(`--avl ${path}: there is no such file or folder`)
    if (!info.isDirectory()) files.push(path)
    else {
      const days = (await readdir(path)).filter((f) => /\d{4}-\d{2}-\d{2}.*\.csv(\.gz)?$/.test(f) && !/^(schedule|stops)_/.test(f)).sort()
      files.push(...(days.length ? days.map((f) => join(path, f)) : [path]))
    }
  }
  return files
}

/** The schedule to predict with: a GTFS zip or folder, a CapMetrics folder (its dates from the AVL file names). */
export async function loadEvalSchedule(gtfs: string | undefined, avlFiles: readonly string[]): Promise<Schedule> {
  if (!gtfs) return readScheduleFromFeed(AMMAN_DEMO_FEED_PATH)
  const info = await stat(gtfs).catch(() => null)
  if (!info) throw new EvalUsageError(`--gtfs ${gtfs}: there is no such file or folder`)
  if (info.isDirectory()) {
    const files = await readdir(gtfs)
    const scheduleFile = files.find((f) => /^schedule_.*\.csv(\.gz)?$/.test(f))
    const stopsFile = files.find((f) => /^stops_.*\.csv(\.gz)?$/.test(f))
    if (scheduleFile && stopsFile) {
      const dates = avlFiles.map(dayInFileName)
      if (avlFiles.length === 0 || dates.some((d) => d === null)) throw new EvalUsageError('a CapMetrics schedule needs --avl files with the day in their names (vehicle_positions_YYYY-MM-DD.csv.gz, or YYYY-MM-DD.csv.gz)')
      return readCapMetricsSchedule({ schedulePath: join(gtfs, scheduleFile), stopsPath: join(gtfs, stopsFile), avlPath: avlFiles, serviceDate: dates as string[] })
    }
  }
  return readScheduleFromFeed(gtfs)
}
