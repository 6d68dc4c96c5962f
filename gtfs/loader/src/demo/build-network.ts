import { AMMAN_PLACES, type PlaceKey } from './amman-places.js'
import type { AmmanRoute } from './amman-routes.js'
import { findLegStreet, formatLegKey } from './amman-streets.js'
import type { LatLon } from './geo.js'
import { nameStreetStop } from './name-street-stop.js'
import { randomBetween, type Random } from '@masar/model/random/seeded-random'
import { pointAlongLeg, traceLeg, type TracedLeg } from './trace-leg.js'

export interface DemoStop extends LatLon {
  stopId: string
  stopCode: string
  nameAr: string
  nameEn: string
}

export interface PatternStop {
  stopId: string
  distMetres: number
}

export interface ShapePoint extends LatLon {
  distMetres: number
}

/** One direction of a route: its shape, and its stops with their distance along that shape. */
export interface RoutePattern {
  routeId: string
  directionId: 0 | 1
  shapeId: string
  headsignAr: string
  headsignEn: string
  points: ShapePoint[]
  stops: PatternStop[]
  lengthMetres: number
}

export interface DemoNetwork {
  stops: DemoStop[]
  /** By route id: direction 0 (first place → last place) and direction 1 (back). */
  patterns: Map<string, readonly [RoutePattern, RoutePattern]>
}

interface LegStop {
  stopId: string
  /** From the leg's `from` place, whichever way the stop serves. */
  alongMetres: number
}

interface Leg extends TracedLeg {
  from: PlaceKey
  /** Stops between the two places on each side of the street, in order from `from`. */
  stopsFromTo: LegStop[]
  stopsToFrom: LegStop[]
}

/** Roughly how far apart stops are between two places (Amman's stops are some 300–600 m apart). */
const STOP_SPACING_METRES = 465
/** Opposite stops are rarely exactly across the street from each other. */
const MAX_PAIR_SHIFT_METRES = 40
/** Stops stand at the kerb, right of the traffic they serve (Jordan drives on the right). */
const KERB_OFFSET_METRES = 8
const FIRST_STOP_CODE = 1001

/**
 * The stops and shapes of the demo network. Every place is one stop, whichever routes pass it and in which
 * direction. The street between two places is traced once; it has a stop on each side every ~465 m (same name,
 * across the street from each other), shared by every route along it in that direction.
 */
export function buildNetwork(random: Random, routes: readonly AmmanRoute[]): DemoNetwork {
  const stops: DemoStop[] = []
  const stopIdByPlace = new Map<PlaceKey, string>()
  const legs = new Map<string, Leg>()
  const takenNames = new Set<string>(Object.values(AMMAN_PLACES).map((place) => place.nameAr))

  const addStop = (at: LatLon, name: { nameAr: string; nameEn: string }): string => {
    const stopCode = String(FIRST_STOP_CODE + stops.length)
    const stopId = `S${stopCode}`
    stops.push({ stopId, stopCode, nameAr: name.nameAr, nameEn: name.nameEn, lat: at.lat, lon: at.lon })
    return stopId
  }
  const placeStop = (key: PlaceKey): string => {
    let stopId = stopIdByPlace.get(key)
    if (stopId === undefined) {
      stopId = addStop(AMMAN_PLACES[key], AMMAN_PLACES[key])
      stopIdByPlace.set(key, stopId)
    }
    return stopId
  }
  const legBetween = (from: PlaceKey, to: PlaceKey): Leg => {
    const key = formatLegKey(from, to)
    const existing = legs.get(key)
    if (existing) return existing
    const street = findLegStreet(from, to)
    const traced = traceLeg(random, AMMAN_PLACES[from], AMMAN_PLACES[to])
    const count = Math.max(0, Math.round(traced.lengthMetres / STOP_SPACING_METRES) - 1)
    const stopsFromTo: LegStop[] = []
    const stopsToFrom: LegStop[] = []
    for (let i = 1; i <= count; i++) {
      const pairMetres = (traced.lengthMetres * (i + randomBetween(random, -0.2, 0.2))) / (count + 1)
      const name = nameStreetStop(random, street, takenNames)
      for (const [sideStops, kerbSide] of [[stopsFromTo, 1], [stopsToFrom, -1]] as const) {
        const alongMetres = pairMetres + randomBetween(random, -MAX_PAIR_SHIFT_METRES, MAX_PAIR_SHIFT_METRES)
        const at = pointAlongLeg(traced, alongMetres, kerbSide * KERB_OFFSET_METRES)
        sideStops.push({ stopId: addStop(at, name), alongMetres })
      }
    }
    const leg = { ...traced, from, stopsFromTo, stopsToFrom }
    legs.set(key, leg)
    return leg
  }

  const patterns = new Map<string, readonly [RoutePattern, RoutePattern]>()
  for (const route of routes) {
    const outbound = tracePattern(route, 0, route.places, { placeStop, legBetween })
    const inbound = tracePattern(route, 1, [...route.places].reverse(), { placeStop, legBetween })
    patterns.set(route.routeId, [outbound, inbound])
  }
  return { stops, patterns }
}

interface NetworkParts {
  placeStop: (key: PlaceKey) => string
  legBetween: (from: PlaceKey, to: PlaceKey) => Leg
}

function tracePattern(route: AmmanRoute, directionId: 0 | 1, places: readonly PlaceKey[], parts: NetworkParts): RoutePattern {
  const first = places[0]!
  const last = places[places.length - 1]!
  const points: ShapePoint[] = [{ ...AMMAN_PLACES[first], distMetres: 0 }]
  const stops: PatternStop[] = [{ stopId: parts.placeStop(first), distMetres: 0 }]
  let offsetMetres = 0
  for (let i = 1; i < places.length; i++) {
    const from = places[i - 1]!
    const to = places[i]!
    const leg = parts.legBetween(from, to)
    const forward = leg.from === from
    const n = leg.points.length
    for (let p = 1; p < n; p++) {
      const point = forward ? leg.points[p]! : leg.points[n - 1 - p]!
      const along = forward ? leg.cumulativeMetres[p]! : leg.lengthMetres - leg.cumulativeMetres[n - 1 - p]!
      points.push({ lat: point.lat, lon: point.lon, distMetres: offsetMetres + along })
    }
    const legStops = forward ? leg.stopsFromTo : [...leg.stopsToFrom].reverse()
    for (const stop of legStops) {
      const along = forward ? stop.alongMetres : leg.lengthMetres - stop.alongMetres
      stops.push({ stopId: stop.stopId, distMetres: offsetMetres + along })
    }
    offsetMetres += leg.lengthMetres
    stops.push({ stopId: parts.placeStop(to), distMetres: offsetMetres })
  }
  return {
    routeId: route.routeId,
    directionId,
    shapeId: `${route.routeId}-${directionId}`,
    headsignAr: AMMAN_PLACES[last].nameAr,
    headsignEn: AMMAN_PLACES[last].nameEn,
    points,
    stops,
    lengthMetres: offsetMetres,
  }
}
