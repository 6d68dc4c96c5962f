import { langOf, type Lang } from '../http/request-lang.js'
import type { Schedule, ScheduleRoute, ScheduleStop } from '@masar/gtfs/schedule/schedule'
import { distance } from '@turf/distance'
import { candidateServiceDates, instantOfGtfsTime } from '@masar/model/gtfs/service-day'
import type { FastifyPluginAsync } from 'fastify'
import type { FleetState } from '../fleet/fleet-state.js'
import { ApiError } from '../http/api-errors.js'
import { parseSms, smsReply, smsSegments } from './sms-reply.js'
import { smsGatewayGuard } from './sms-gateway-auth.js'
import { headsignOf, type Arrival } from '../predictions/arrivals-at-stop.js'
import { predictedArrivalAt, type TripPrediction } from '../predictions/trip-prediction.js'
import type { AlertText, StoredAlert } from '../alerts/alerts.repository.js'
import { IdParams, NearbyStopsQuery, type Stop, NearbyStopsResponse, StopArrivalsQuery, StopArrivalsResponse, StopSearchQuery, StopsResponse, type StopAlert } from '@masar/model/api/stops'
import { TripQuery, TripResponse } from '@masar/model/api/trips'
import { routeDirections } from './route-directions.js'
import { tripById } from './trip-by-id.js'
import { RouteResponse, RoutesQuery, RoutesResponse, type RouteFeature, type RouteInfo } from '@masar/model/api/routes'
import { SmsInbound, SmsReply } from '@masar/model/api/sms'

/**
 * For riders (public, rate-limited): stops by name or code and near a place, routes with their shapes as GeoJSON,
 * and the next arrivals at a stop. Names in Arabic first, or English (`?lang=en`, or Accept-Language). Arrivals
 * are predicted where a bus works the trip (realtime, with a p10–p90 range), the timetable's otherwise.
 */
const nameOf = (stop: ScheduleStop, lang: Lang) => stop.translations[lang] ?? stop.name

/** A route as riders read it: its long name in their language where the feed translates it. */
function routeView(route: ScheduleRoute, lang: Lang): RouteInfo {
  return { routeId: route.routeId, shortName: route.shortName, longName: route.longNameTranslations?.[lang] ?? route.longName, type: route.type, color: route.color }
}

function stopView(stop: ScheduleStop, lang: Lang): Stop {
  return { stopId: stop.stopId, code: stop.code, name: nameOf(stop, lang), lat: stop.lat, lon: stop.lon }
}

/** Active alerts that name the stop, or a route that serves it, in the rider's language (the other if missing). */
function alertsFor(alerts: readonly StoredAlert[], stopId: string, routeIds: ReadonlySet<string>, nowMs: number, lang: Lang): StopAlert[] {
  const nowS = nowMs / 1000
  const text = (t: AlertText) => (lang === 'en' ? (t.en ?? t.ar) : (t.ar ?? t.en)) ?? null
  return alerts
    .filter((a) => a.activePeriods.length === 0 || a.activePeriods.some((p) => (p.start ?? 0) <= nowS && nowS < (p.end ?? Number.POSITIVE_INFINITY)))
    .filter((a) => a.informedEntities.some((e) => e.stopId === stopId || (typeof e.routeId === 'string' && routeIds.has(e.routeId)) || (e.stopId === undefined && e.routeId === undefined && e.agencyId !== undefined)))
    .map((a) => ({ alertId: a.alertId, cause: a.cause, effect: a.effect, header: text(a.headerText), description: text(a.descriptionText) }))
}

export interface RiderRoutesOptions {
  /** The active schedule now (it changes when a new feed is activated). */
  schedule: () => Schedule | null
  fleet: FleetState
  now: () => number
  /** The next arrivals at a stop within a horizon (predicted where a bus works the trip). */
  arrivalsAt: (stopId: string, nowMs: number, horizonMs: number, lang?: Lang) => Arrival[]
  /** The served predictions now. */
  predictions: (nowMs: number) => readonly TripPrediction[]
  alerts: () => readonly StoredAlert[]
  /** The SMS gateway's shared secret (SMS_GATEWAY_SECRET); null: the SMS webhook is off. */
  smsGatewaySecret: string | null
}

export const ridersPlugin: FastifyPluginAsync<RiderRoutesOptions> = async (app, options) => {
  const { fleet, now } = options
  const scheduleOrFail = (): Schedule => {
    const schedule = options.schedule()
    if (!schedule) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active yet: stops and routes come with it')
    return schedule
  }

  app.get<{ Querystring: StopSearchQuery }>('/api/v1/stops', {
    schema: { tags: ['riders'], operationId: 'searchStops', summary: 'Stops by name (Arabic or English) or stop code', querystring: StopSearchQuery, response: { 200: StopsResponse } },
  }, async (request): Promise<StopsResponse> => {
    const lang = langOf(request)
    return { stops: scheduleOrFail().searchStops(request.query.q, request.query.limit).map((s) => stopView(s, lang)) }
  })

  app.get<{ Querystring: NearbyStopsQuery }>('/api/v1/stops/nearby', {
    schema: { tags: ['riders'], operationId: 'listNearbyStops', summary: 'Stops near a place, nearest first', querystring: NearbyStopsQuery, response: { 200: NearbyStopsResponse } },
  }, async (request): Promise<NearbyStopsResponse> => {
    const { lat, lon, radius } = request.query
    const lang = langOf(request)
    return { stops: scheduleOrFail().stopsNear(lat, lon, radius).map((s) => ({ ...stopView(s, lang), distanceM: Math.round(distance([lon, lat], [s.lon, s.lat], { units: 'meters' })) })) }
  })

  app.get<{ Params: { id: string }; Querystring: StopArrivalsQuery }>('/api/v1/stops/:id/arrivals', {
    schema: {
      tags: ['riders'], operationId: 'listStopArrivals', summary: 'The next arrivals at a stop (next 60 min), realtime where a bus is on its way',
      params: IdParams(64), querystring: StopArrivalsQuery, response: { 200: StopArrivalsResponse },
    },
  }, async (request): Promise<StopArrivalsResponse> => {
    const schedule = scheduleOrFail()
    const stop = schedule.stops.get(request.params.id)
    if (!stop) throw new ApiError('API_STOP_NOT_FOUND', `no stop "${request.params.id}" in the active feed`)
    const nowMs = now()
    const lang = langOf(request)
    const all = options.arrivalsAt(stop.stopId, nowMs, 60 * 60_000, lang)
    const perRoute = new Map<string, number>()
    const arrivals = all.filter((a) => {
      const n = (perRoute.get(a.routeId) ?? 0) + 1
      perRoute.set(a.routeId, n)
      return n <= request.query.limit
    })
    const routeIds = new Set(all.map((a) => a.routeId))
    return { stop: stopView(stop, lang), at: new Date(nowMs).toISOString(), arrivals, alerts: alertsFor(options.alerts(), stop.stopId, routeIds, nowMs, lang) }
  })

  app.post<{ Body: SmsInbound }>('/api/v1/sms/inbound', {
    onRequest: smsGatewayGuard(options.smsGatewaySecret),
    schema: {
      tags: ['riders'], operationId: 'replyToSms', summary: 'An SMS gateway webhook: a stop code (and a route) in, the reply text out. The gateway only: its shared secret in a header, or ?secret= where it can only template a URL',
      body: SmsInbound, response: { 200: SmsReply }, security: [{ smsGatewaySecret: [] }, { smsGatewaySecretQuery: [] }],
    },
  }, async (request): Promise<SmsReply> => {
    const sms = parseSms(request.body.text)
    const reply = smsReply(scheduleOrFail(), sms, (stopId) => options.arrivalsAt(stopId, now(), 60 * 60_000).filter((a) => !a.cancelled))
    return { to: request.body.from ?? null, reply, lang: sms.lang, segments: smsSegments(reply) }
  })

  app.get<{ Params: { id: string }; Querystring: { lang?: Lang } }>('/api/v1/trips/:id', {
    schema: {
      tags: ['riders'], operationId: 'getTrip', summary: 'Follow my bus: the trip\'s stops with their times, and the bus working it now',
      params: IdParams(128), querystring: TripQuery, response: { 200: TripResponse },
    },
  }, async (request): Promise<TripResponse> => {
    const schedule = scheduleOrFail()
    const nowMs = now()
    const predictions = options.predictions(nowMs)
    const trip = tripById(schedule, request.params.id, { nowMs, workedRunIds: new Set(predictions.map((p) => p.trip.tripId)) })
    if (!trip) throw new ApiError('API_TRIP_NOT_FOUND', `no trip "${request.params.id}" in the active feed`)
    const lang = langOf(request)
    const prediction = predictions.find((p) => p.trip.tripId === trip.tripId)
    const vehicle = prediction ? fleet.get(prediction.vehicleId) : undefined
    const m = vehicle?.match
    const serviceDate = prediction?.serviceDate ?? candidateServiceDates(nowMs, schedule.timeZone).filter((d) => schedule.servicesOn(d).has(trip.serviceId)).at(-1) ?? null
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())
    return {
      tripId: trip.tripId, routeId: trip.routeId, headsign: headsignOf(trip, lang), serviceDate,
      vehicle: vehicle ? {
        vehicleId: vehicle.vehicleId, lat: vehicle.lat, lon: vehicle.lon, bearingDeg: vehicle.bearingDeg, fixAt: new Date(vehicle.fixAtMs).toISOString(), health: fleet.healthOf(vehicle, nowMs),
        scheduleDeviationS: m?.scheduleDeviationS ?? null, nextStopId: m?.nextStopId ?? null, occupancy: vehicle.occupancy,
      } : null,
      stops: trip.stopIds.map((stopId, i) => {
        const stop = schedule.stops.get(stopId)
        const scheduledMs = serviceDate ? instantOfGtfsTime(serviceDate, trip.arrivals[i]!, schedule.timeZone) : undefined
        const predicted = prediction ? predictedArrivalAt(prediction, i) : null
        return {
          stopId, name: stop ? nameOf(stop, lang) : stopId, scheduledAt: iso(scheduledMs),
          expectedAt: iso(predicted?.atMs), earliest: iso(predicted?.lowMs), latest: iso(predicted?.highMs), passed: prediction ? i < prediction.fromIndex : null,
        }
      }),
    }
  })

  app.get<{ Querystring: { lang?: Lang } }>('/api/v1/routes', { schema: { tags: ['riders'], operationId: 'listRoutes', summary: 'Every route of the active feed', querystring: RoutesQuery, response: { 200: RoutesResponse } } }, async (request): Promise<RoutesResponse> => {
    const lang = langOf(request)
    return { routes: [...scheduleOrFail().routes.values()].sort((a, b) => (a.routeId < b.routeId ? -1 : 1)).map((r) => routeView(r, lang)) }
  })

  app.get<{ Params: { id: string }; Querystring: { lang?: Lang } }>('/api/v1/routes/:id', {
    schema: {
      tags: ['riders'], operationId: 'getRoute', summary: 'A route: its stops and shapes as GeoJSON',
      params: IdParams(64), querystring: RoutesQuery, response: { 200: RouteResponse },
    },
  }, async (request): Promise<RouteResponse> => {
    const schedule = scheduleOrFail()
    const route = schedule.routes.get(request.params.id)
    if (!route) throw new ApiError('API_ROUTE_NOT_FOUND', `no route "${request.params.id}" in the active feed`)
    const lang = langOf(request)
    const shapeIds = new Set<string>()
    const stopIds = new Set<string>()
    for (const trip of schedule.trips.values()) {
      if (trip.routeId !== route.routeId) continue
      if (trip.shapeId) shapeIds.add(trip.shapeId)
      for (const stopId of trip.stopIds) stopIds.add(stopId)
    }
    const features: RouteFeature[] = [
      ...[...shapeIds].flatMap((shapeId) => {
        const shape = schedule.shapes.get(shapeId)
        return shape ? [{ type: 'Feature' as const, properties: { kind: 'shape' as const, shapeId }, geometry: { type: 'LineString' as const, coordinates: Array.from(shape.lats, (lat, i): [number, number] => [shape.lons[i]!, lat]) } }] : []
      }),
      ...[...stopIds].flatMap((stopId) => {
        const stop = schedule.stops.get(stopId)
        return stop ? [{ type: 'Feature' as const, properties: { kind: 'stop' as const, ...stopView(stop, lang) }, geometry: { type: 'Point' as const, coordinates: [stop.lon, stop.lat] as [number, number] } }] : []
      }),
    ]
    return { route: routeView(route, lang), directions: routeDirections(schedule, route.routeId, lang), geojson: { type: 'FeatureCollection' as const, features } }
  })
}
