import type { Headway, HeadwaysResponse, HeadwayState } from '@masar/model/api/routes'

/**
 * Headways as a bar chart: one group per direction, one bar per bus in order along the route (the leader first),
 * its height the time to the bus ahead, on one scale for every direction so two charts compare. Bunched and gap
 * come from the api (route-headways.ts); a bar also carries its scheduled headway as a mark.
 */
export interface HeadwayBar {
  vehicleId: string
  aheadVehicleId: string
  headwayS: number
  scheduledHeadwayS: number | null
  state: Exclude<HeadwayState, 'leading'>
  /** 0..1 of the chart's height. */
  height: number
  /** 0..1 of the chart's height, where the timetable's headway is; null without one. */
  scheduledHeight: number | null
}

export interface HeadwayDirection {
  directionId: string
  /** The bus leading the direction (no bus ahead of it), if any. */
  leaderId: string | null
  bars: HeadwayBar[]
  bunched: number
  gaps: number
}

export interface HeadwayChart {
  /** The top of the scale, in seconds (a whole number of minutes, at least 5). */
  maxS: number
  directions: HeadwayDirection[]
}

const MIN_SCALE_S = 300

export function toHeadwayChart(response: Pick<HeadwaysResponse, 'directions'>): HeadwayChart {
  const entries = Object.entries(response.directions).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
  const measured = (h: Headway): h is Headway & { headwayS: number; aheadVehicleId: string } => h.state !== 'leading' && h.headwayS !== null && h.aheadVehicleId !== null
  let top = MIN_SCALE_S
  for (const [, list] of entries) for (const h of list) if (measured(h)) top = Math.max(top, h.headwayS, h.scheduledHeadwayS ?? 0)
  const maxS = Math.ceil(top / 60) * 60
  const scale = (s: number) => Math.min(1, Math.max(0, s) / maxS)
  return {
    maxS,
    directions: entries.map(([directionId, list]) => {
      const bars = list.filter(measured).map((h): HeadwayBar => ({
        vehicleId: h.vehicleId,
        aheadVehicleId: h.aheadVehicleId,
        headwayS: h.headwayS,
        scheduledHeadwayS: h.scheduledHeadwayS,
        state: h.state as HeadwayBar['state'],
        height: scale(h.headwayS),
        scheduledHeight: h.scheduledHeadwayS === null || h.scheduledHeadwayS <= 0 ? null : scale(h.scheduledHeadwayS),
      }))
      return {
        directionId,
        leaderId: list.find((h) => h.state === 'leading')?.vehicleId ?? null,
        bars,
        bunched: bars.filter((b) => b.state === 'bunched').length,
        gaps: bars.filter((b) => b.state === 'gap').length,
      }
    }),
  }
}

/** The scale's tick marks, every `stepS` from 0 to the top. */
export function headwayTicks(maxS: number, stepS = maxS > 1800 ? 600 : maxS > 600 ? 300 : 60): number[] {
  const ticks: number[] = []
  for (let s = 0; s <= maxS; s += stepS) ticks.push(s)
  return ticks
}
