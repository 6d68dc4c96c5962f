import type { LocalTime } from './local-time.js'
import { median } from './median.js'

/** A band of the service day with one headway: seconds since the day's origin, end not included. */
export interface HeadwayBand {
  startS: number
  endS: number
  headwayS: number
  /** Gaps between buses behind the figure. */
  gaps: number
}

export interface HeadwayOptions {
  /** A gap longer than this is no service (or buses the trace missed), not a headway. */
  maxHeadwayS: number
  /** An hour needs this many measured gaps to get its own figure. */
  minGapsPerHour: number
  /** Headways are written rounded to this. */
  roundToS: number
}

export const DEFAULT_HEADWAY_OPTIONS: HeadwayOptions = { maxHeadwayS: 3600, minGapsPerHour: 5, roundToS: 30 }

/** When the trace was recording: a gap between gaps of the logger's polls is not a gap between buses. */
export interface RecordingHoles {
  /** True when the logger recorded nothing for a while somewhere between the two instants. */
  spans(fromMs: number, toMs: number): boolean
}

/** Holes: stretches longer than maxSilenceMs with no record from any vehicle. */
export function findRecordingHoles(sortedTimesMs: readonly number[], maxSilenceMs: number): RecordingHoles {
  const holes: Array<[number, number]> = []
  for (let i = 1; i < sortedTimesMs.length; i++) {
    if (sortedTimesMs[i]! - sortedTimesMs[i - 1]! > maxSilenceMs) holes.push([sortedTimesMs[i - 1]!, sortedTimesMs[i]!])
  }
  return { spans: (fromMs, toMs) => holes.some(([a, b]) => a < toMs && b > fromMs) }
}

/**
 * Headways per hour of the service day from the moments trips left the first station (estimated for every trip,
 * also those seen only part of the way): the median gap between consecutive departures of the same day, gaps
 * across a recording hole or longer than an hour left out. Hours with too few gaps inside the served span take
 * the nearest measured hour's figure; neighbouring hours with the same figure become one band.
 */
export function learnHeadways(departuresMs: readonly number[], toLocal: (atMs: number) => LocalTime, holes: RecordingHoles, options: HeadwayOptions = DEFAULT_HEADWAY_OPTIONS): HeadwayBand[] {
  const byDay = new Map<string, Array<{ atMs: number; seconds: number }>>()
  for (const atMs of departuresMs) {
    const local = toLocal(atMs)
    const list = byDay.get(local.date) ?? []
    list.push({ atMs, seconds: local.seconds })
    byDay.set(local.date, list)
  }
  const gapsByHour = new Map<number, number[]>()
  for (const list of byDay.values()) {
    list.sort((a, b) => a.atMs - b.atMs)
    for (let i = 1; i < list.length; i++) {
      const gapS = (list[i]!.atMs - list[i - 1]!.atMs) / 1000
      if (gapS > options.maxHeadwayS || holes.spans(list[i - 1]!.atMs, list[i]!.atMs)) continue
      const hour = Math.floor(list[i - 1]!.seconds / 3600)
      gapsByHour.set(hour, [...(gapsByHour.get(hour) ?? []), gapS])
    }
  }
  const measured = [...gapsByHour].filter(([, gaps]) => gaps.length >= options.minGapsPerHour).sort((a, b) => a[0] - b[0])
  if (measured.length === 0) return []
  const hourly: Array<{ hour: number; headwayS: number; gaps: number }> = []
  for (let hour = measured[0]![0]; hour <= measured.at(-1)![0]; hour++) {
    const nearest = measured.reduce((best, m) => (Math.abs(m[0] - hour) < Math.abs(best[0] - hour) ? m : best))
    const own = measured.find(([h]) => h === hour)
    const gaps = (own ?? nearest)[1]
    hourly.push({ hour, headwayS: Math.max(options.roundToS, Math.round(median(gaps) / options.roundToS) * options.roundToS), gaps: own ? gaps.length : 0 })
  }
  const bands: HeadwayBand[] = []
  for (const { hour, headwayS, gaps } of hourly) {
    const last = bands.at(-1)
    if (last && last.headwayS === headwayS) {
      last.endS = (hour + 1) * 3600
      last.gaps += gaps
    } else bands.push({ startS: hour * 3600, endS: (hour + 1) * 3600, headwayS, gaps })
  }
  return bands
}
