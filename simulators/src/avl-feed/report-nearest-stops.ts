import { distance, point } from '@turf/turf'
import type { TraceRecord } from '../replay/trace-record.js'

export interface PublishedStop {
  stopId: string
  name: string
  lat: number
  lon: number
}

/** A bus within this distance of a published stop is at it. */
export const AT_PUBLISHED_STOP_M = 30

/**
 * For traces that do not say which stop a bus is at (TTC NextBus), gives each record the stop it reached last,
 * as Amman's buses report it: the published stop it came within 30 m of (the nearest, when several), carried
 * forward until the next one, forgotten when the vehicle's direction tag changes. The rest of the feed builder
 * then learns each direction's stop order and times exactly as from Amman's reports.
 */
export function reportNearestStops(records: readonly TraceRecord[], stops: readonly PublishedStop[]): TraceRecord[] {
  const cellDeg = 0.001
  const cellOf = (lat: number, lon: number) => `${Math.floor(lat / cellDeg)}:${Math.floor(lon / cellDeg)}`
  const grid = new Map<string, PublishedStop[]>()
  for (const stop of stops) {
    for (const dLat of [-1, 0, 1]) {
      for (const dLon of [-1, 0, 1]) {
        const key = cellOf(stop.lat + dLat * cellDeg, stop.lon + dLon * cellDeg)
        grid.set(key, [...(grid.get(key) ?? []), stop])
      }
    }
  }
  const last = new Map<string, { direction: string | undefined; stopId: string | undefined }>()
  return records.map((record) => {
    const here = point([record.lon, record.lat])
    let nearest: PublishedStop | undefined
    let nearestM = AT_PUBLISHED_STOP_M
    for (const stop of grid.get(cellOf(record.lat, record.lon)) ?? []) {
      const metres = distance(here, point([stop.lon, stop.lat])) * 1000
      if (metres <= nearestM) [nearest, nearestM] = [stop, metres]
    }
    const state = last.get(record.vehicleId)
    const carried = state && state.direction === record.direction ? state.stopId : undefined
    const stopId = nearest?.stopId ?? carried
    last.set(record.vehicleId, { direction: record.direction, stopId })
    const { stopId: _ignored, ...rest } = record
    return stopId === undefined ? rest : { ...rest, stopId }
  })
}
