import { haversineM, pointAtDistance, type Polyline } from '@masar/model/geo/polyline'
import { AMMAN_DWELL } from '@masar/gtfs/demo/running-times'
import type { ScheduleShape, ScheduleTrip } from '@masar/gtfs/schedule/schedule'
import type { Random } from '../tracker/random.js'
import type { TruePosition } from '../tracker/tracker.js'
import { METRES_PER_DEGREE_LAT, metresPerDegreeLon } from '@masar/model/geo/earth'

/**
 * One bus working its block: pulls out (sometimes late), drives each trip along its shape at the speed traffic
 * allows, dwells at stops, waits at terminals for its next departure, and may break down, detour off its route,
 * or run to the depot. Advanced in small steps of simulated time; reports its true position and every stop visit.
 */
export interface BusBehaviour {
  /** Share of buses that leave the depot late, and by how many minutes. */
  latePullOutRate: number
  latePullOutMin: readonly [number, number]
  /** Breakdowns per hour of driving; how long one lasts; the share of broken buses sent to the depot after. */
  breakdownsPerHour: number
  breakdownMin: readonly [number, number]
  breakdownToDepotShare: number
  /** Share of trips with a detour off the route, its length along the route and how far off it goes. */
  detourRate: number
  detourLengthM: readonly [number, number]
  detourOffsetM: readonly [number, number]
  /** Seconds at a stop: a base, more at busy stops and in the peaks. */
  dwellBaseS: readonly [number, number]
  dwellPerRouteS: number
  dwellPeakExtraS: number
  /** Shortest turnaround at a terminal before the next trip, however late the bus is. */
  minLayoverS: number
  /** A bus this early at a stop waits for its time. */
  holdEarlyS: number
  /** Each driver's own pace. */
  driverPace: readonly [number, number]
  depotSpeedMps: number
}

export const DEFAULT_BEHAVIOUR: BusBehaviour = {
  latePullOutRate: 0.08,
  latePullOutMin: [2, 12],
  breakdownsPerHour: 0.004,
  breakdownMin: [8, 35],
  breakdownToDepotShare: 0.5,
  detourRate: 0.02,
  detourLengthM: [400, 1200],
  detourOffsetM: [120, 260],
  ...AMMAN_DWELL,
  minLayoverS: 120,
  holdEarlyS: 60,
  driverPace: [0.93, 1.07],
  depotSpeedMps: 9,
}

/** What the world tells a bus as it moves. */
export interface BusWorld {
  /** Instant of a GTFS time on the service day. */
  instantOf(gtfsSeconds: number): number
  /** Traffic and congestion speed factor where a bus of a route is, against the traffic the timetable assumed at the scheduled time (1 = the timetable's pace). */
  speedFactorAt(at: { lat: number; lon: number; atMs: number; scheduledAtMs: number; routeId: string }): number
  /** The seconds the timetable allots for the dwell at a stop (its expected dwell at the scheduled time). */
  dwellAllowanceS(stopId: string, scheduledAtMs: number): number
  /** Whether the hour is a peak (longer dwells). */
  isPeak(atMs: number): boolean
  shape(shapeId: string | null): ScheduleShape | undefined
  stopPosition(stopId: string): { lat: number; lon: number } | undefined
  routesAtStop(stopId: string): number
}

export interface StopVisit {
  vehicleId: string
  tripId: string
  routeId: string
  stopId: string
  stopSequence: number
  scheduledArrivalMs: number
  scheduledDepartureMs: number
  arrivalMs: number
  departureMs: number
  lat: number
  lon: number
}

export type BusEvent =
  | { kind: 'visit'; visit: StopVisit }
  | { kind: 'skipped-stop'; vehicleId: string; tripId: string; stopId: string; stopSequence: number; atMs: number; reason: 'detour' | 'breakdown' }
  | { kind: 'trip-start' | 'trip-end'; vehicleId: string; tripId: string; routeId: string; atMs: number }
  | { kind: 'breakdown' | 'to-depot' | 'pull-out' | 'off-duty'; vehicleId: string; atMs: number; tripId: string | null }

type Phase = 'parked' | 'dwell' | 'driving' | 'layover' | 'broken' | 'to-depot' | 'off-duty'

interface Detour {
  fromM: number
  toM: number
  offsetM: number
}

const between = (random: Random, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * random.next()
const POWER_ON_BEFORE_S = 300
const TO_RAD = Math.PI / 180

export class Bus {
  #phase: Phase = 'parked'
  #tripIndex = 0
  #stopIndex = 0
  #alongM = 0
  #untilMs: number
  #arrivedMs = 0
  #lat: number
  #lon: number
  #bearing = 0
  #speed = 0
  #odometer = 0
  #detour: Detour | null = null
  #depot: { lat: number; lon: number }
  readonly #pace: number
  readonly #pullOutDelayMs: number

  constructor(
    readonly vehicleId: string,
    readonly trips: readonly ScheduleTrip[],
    private readonly world: BusWorld,
    private readonly random: Random,
    private readonly behaviour: BusBehaviour,
    private readonly emit: (event: BusEvent) => void,
  ) {
    const first = trips[0]!
    const start = world.stopPosition(first.stopIds[0]!) ?? { lat: 0, lon: 0 }
    this.#lat = start.lat
    this.#lon = start.lon
    // The depot: off the route, a few hundred metres from where the block starts.
    const angle = random.next() * 2 * Math.PI
    this.#depot = { lat: start.lat + (450 * Math.cos(angle)) / METRES_PER_DEGREE_LAT, lon: start.lon + (450 * Math.sin(angle)) / metresPerDegreeLon(start.lat) }
    this.#pace = between(random, behaviour.driverPace)
    this.#pullOutDelayMs = random.next() < behaviour.latePullOutRate ? between(random, behaviour.latePullOutMin) * 60_000 : 0
    this.#untilMs = world.instantOf(first.departures[0]!) + this.#pullOutDelayMs
    this.powerOnMs = this.#untilMs - POWER_ON_BEFORE_S * 1000
  }

  /** When the tracker powers on: five minutes before the bus is due to leave. */
  readonly powerOnMs: number

  get inService(): boolean {
    return this.#phase !== 'off-duty'
  }

  get currentTrip(): ScheduleTrip | null {
    return this.#phase === 'to-depot' || this.#phase === 'off-duty' ? null : (this.trips[this.#tripIndex] ?? null)
  }

  /** Moves the bus on by dtS seconds of simulated time, ending at atMs; its true state, or null while powered off. */
  step(atMs: number, dtS: number): TruePosition | null {
    if (this.#phase === 'off-duty') return null
    if (this.#phase === 'parked' && atMs < this.powerOnMs) return null
    // Waits that end at this instant end now (a bus leaves a stop the second it is due, not a step later).
    for (let transitions = 0; transitions < 4 && atMs >= this.#untilMs; transitions++) {
      if (this.#phase === 'parked') this.#startTrip(atMs)
      else if (this.#phase === 'dwell' || this.#phase === 'layover') this.#leaveStop(atMs)
      else if (this.#phase === 'broken') this.#recover(atMs)
      else break
    }
    if (this.#phase === 'driving') this.#drive(atMs, dtS)
    else if (this.#phase === 'to-depot') this.#driveToDepot(atMs, dtS)
    if ((this.#phase as Phase) === 'off-duty') return null // the step may have ended the day
    const trip = this.currentTrip
    return { vehicleId: this.vehicleId, atMs, lat: this.#lat, lon: this.#lon, speedMps: this.#speed, bearingDeg: this.#bearing, tripId: trip?.tripId ?? null, routeId: trip?.routeId ?? null, odometerM: this.#odometer }
  }

  #trip(): ScheduleTrip {
    return this.trips[this.#tripIndex]!
  }

  #line(trip: ScheduleTrip): Polyline | null {
    const shape = this.world.shape(trip.shapeId)
    return shape ? { lats: shape.lats, lons: shape.lons, distances: shape.distancesM } : null
  }

  #startTrip(atMs: number): void {
    const trip = this.#trip()
    if (this.#tripIndex === 0) this.emit({ kind: 'pull-out', vehicleId: this.vehicleId, atMs, tripId: trip.tripId })
    this.emit({ kind: 'trip-start', vehicleId: this.vehicleId, tripId: trip.tripId, routeId: trip.routeId, atMs })
    this.#stopIndex = 0
    this.#alongM = trip.distancesM[0] ?? 0
    this.#detour = this.#planDetour(trip)
    this.#arriveAtStop(atMs)
  }

  #planDetour(trip: ScheduleTrip): Detour | null {
    if (trip.distancesM.length < 4 || this.random.next() >= this.behaviour.detourRate) return null
    const startM = trip.distancesM[1]!
    const endM = trip.distancesM[trip.distancesM.length - 2]!
    const length = Math.min(between(this.random, this.behaviour.detourLengthM), (endM - startM) * 0.8)
    if (!(length > 100)) return null
    const fromM = startM + this.random.next() * (endM - startM - length)
    return { fromM, toM: fromM + length, offsetM: between(this.random, this.behaviour.detourOffsetM) * (this.random.next() < 0.5 ? -1 : 1) }
  }

  #arriveAtStop(atMs: number): void {
    const trip = this.#trip()
    const i = this.#stopIndex
    this.#speed = 0
    this.#arrivedMs = atMs
    const stopId = trip.stopIds[i]!
    const last = i === trip.stopIds.length - 1
    const scheduledDeparture = this.world.instantOf(trip.departures[i]!)
    const dwell = i === 0 || last ? 0 : this.#dwellS(stopId, atMs)
    this.#untilMs = Math.max(atMs + dwell * 1000, i === 0 ? scheduledDeparture + (this.#tripIndex === 0 ? this.#pullOutDelayMs : 0) : scheduledDeparture - this.behaviour.holdEarlyS * 1000)
    this.#phase = last ? 'layover' : 'dwell'
    if (last) {
      this.#recordVisit(atMs, atMs)
      this.emit({ kind: 'trip-end', vehicleId: this.vehicleId, tripId: trip.tripId, routeId: trip.routeId, atMs })
      const next = this.trips[this.#tripIndex + 1]
      if (!next) {
        this.#headToDepot(atMs)
        return
      }
      this.#untilMs = Math.max(atMs + this.behaviour.minLayoverS * 1000, this.world.instantOf(next.departures[0]!))
    }
  }

  #dwellS(stopId: string, atMs: number): number {
    const b = this.behaviour
    return between(this.random, b.dwellBaseS) + b.dwellPerRouteS * Math.max(0, this.world.routesAtStop(stopId) - 1) + (this.world.isPeak(atMs) ? b.dwellPeakExtraS * this.random.next() : 0)
  }

  #recordVisit(arrivalMs: number, departureMs: number): void {
    const trip = this.#trip()
    const i = this.#stopIndex
    this.emit({
      kind: 'visit',
      visit: {
        vehicleId: this.vehicleId, tripId: trip.tripId, routeId: trip.routeId, stopId: trip.stopIds[i]!, stopSequence: i + 1,
        scheduledArrivalMs: this.world.instantOf(trip.arrivals[i]!), scheduledDepartureMs: this.world.instantOf(trip.departures[i]!),
        arrivalMs, departureMs, lat: this.#lat, lon: this.#lon,
      },
    })
  }

  #leaveStop(atMs: number): void {
    if (this.#phase === 'layover') {
      this.#tripIndex += 1
      this.#startTrip(atMs)
      return
    }
    this.#recordVisit(this.#arrivedMs, atMs)
    this.#phase = 'driving'
  }

  #drive(atMs: number, dtS: number): void {
    const trip = this.#trip()
    const i = this.#stopIndex
    const fromM = trip.distancesM[i]!
    const toM = trip.distancesM[i + 1]!
    // The timetable's stretch holds the drive and the dwell allowance at the next stop; the bus drives the rest.
    const scheduledS = Math.max(1, trip.arrivals[i + 1]! - trip.departures[i]!)
    const scheduledAtMs = this.world.instantOf(trip.departures[i]!)
    const allowanceS = i + 1 === trip.stopIds.length - 1 ? 0 : this.world.dwellAllowanceS(trip.stopIds[i + 1]!, scheduledAtMs)
    const timetableSpeed = Math.min(25, Math.max(2, (toM - fromM) / Math.max(scheduledS / 2, scheduledS - allowanceS)))
    const speed = timetableSpeed * this.#pace * this.world.speedFactorAt({ lat: this.#lat, lon: this.#lon, atMs, scheduledAtMs, routeId: trip.routeId })
    if (this.random.next() < (this.behaviour.breakdownsPerHour * dtS) / 3600) {
      this.#breakDown(atMs)
      return
    }
    const line = this.#line(trip)
    const before = { lat: this.#lat, lon: this.#lon }
    this.#alongM = Math.min(toM, this.#alongM + speed * dtS)
    this.#speed = speed
    if (line) this.#placeOn(line, this.#alongM)
    this.#odometer += haversineM(before.lat, before.lon, this.#lat, this.#lon)
    if (this.#alongM >= toM || !Number.isFinite(toM)) {
      this.#stopIndex += 1
      const onDetour = this.#detour && this.#alongM > this.#detour.fromM && this.#alongM < this.#detour.toM
      if (onDetour && this.#stopIndex < trip.stopIds.length - 1) {
        this.emit({ kind: 'skipped-stop', vehicleId: this.vehicleId, tripId: trip.tripId, stopId: trip.stopIds[this.#stopIndex]!, stopSequence: this.#stopIndex + 1, atMs, reason: 'detour' })
        return
      }
      this.#arriveAtStop(atMs)
    }
  }

  /** Puts the bus at a distance along the line, pushed sideways on a detour, facing along the road. */
  #placeOn(line: Polyline, alongM: number): void {
    const here = pointAtDistance(line, alongM)
    const ahead = pointAtDistance(line, alongM + 8)
    const behind = pointAtDistance(line, alongM - 8)
    const dy = ahead.lat - behind.lat
    const dx = (ahead.lon - behind.lon) * Math.cos(here.lat * TO_RAD)
    if (dx !== 0 || dy !== 0) this.#bearing = (Math.atan2(dx, dy) / TO_RAD + 360) % 360
    let { lat, lon } = here
    const detour = this.#detour
    if (detour && alongM > detour.fromM && alongM < detour.toM) {
      const sideways = detour.offsetM * Math.sin((Math.PI * (alongM - detour.fromM)) / (detour.toM - detour.fromM))
      const normal = (this.#bearing + 90) * TO_RAD
      lat += (sideways * Math.cos(normal)) / METRES_PER_DEGREE_LAT
      lon += (sideways * Math.sin(normal)) / metresPerDegreeLon(lat)
    }
    this.#lat = lat
    this.#lon = lon
  }

  #breakDown(atMs: number): void {
    this.#phase = 'broken'
    this.#speed = 0
    this.#untilMs = atMs + between(this.random, this.behaviour.breakdownMin) * 60_000
    this.emit({ kind: 'breakdown', vehicleId: this.vehicleId, atMs, tripId: this.#trip().tripId })
  }

  #recover(atMs: number): void {
    if (this.random.next() < this.behaviour.breakdownToDepotShare) {
      const trip = this.#trip()
      for (let i = this.#stopIndex + 1; i < trip.stopIds.length; i++) {
        this.emit({ kind: 'skipped-stop', vehicleId: this.vehicleId, tripId: trip.tripId, stopId: trip.stopIds[i]!, stopSequence: i + 1, atMs, reason: 'breakdown' })
      }
      this.emit({ kind: 'trip-end', vehicleId: this.vehicleId, tripId: trip.tripId, routeId: trip.routeId, atMs })
      this.#headToDepot(atMs)
      return
    }
    this.#phase = 'driving'
  }

  #headToDepot(atMs: number): void {
    this.#phase = 'to-depot'
    this.emit({ kind: 'to-depot', vehicleId: this.vehicleId, atMs, tripId: null })
  }

  #driveToDepot(atMs: number, dtS: number): void {
    const remaining = haversineM(this.#lat, this.#lon, this.#depot.lat, this.#depot.lon)
    const step = this.behaviour.depotSpeedMps * dtS
    if (remaining <= step) {
      this.#odometer += remaining
      this.#lat = this.#depot.lat
      this.#lon = this.#depot.lon
      this.#phase = 'off-duty'
      this.emit({ kind: 'off-duty', vehicleId: this.vehicleId, atMs, tripId: null })
      return
    }
    const f = step / remaining
    const dy = this.#depot.lat - this.#lat
    const dx = (this.#depot.lon - this.#lon) * Math.cos(this.#lat * TO_RAD)
    this.#bearing = (Math.atan2(dx, dy) / TO_RAD + 360) % 360
    this.#lat += dy * f
    this.#lon += (this.#depot.lon - this.#lon) * f
    this.#speed = this.behaviour.depotSpeedMps
    this.#odometer += step
  }
}
