import type { Schedule } from '@masar/gtfs/schedule/schedule'
import { candidateServiceDates } from '@masar/model/gtfs/service-day'
import type { FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import type { Auth } from '../auth/auth.js'
import type { AccuracyTable } from './accuracy-table.js'
import { cancelTrip, readTripCancellations, restoreTrip } from './trip-cancellations.repository.js'
import { ApiError } from '../http/api-errors.js'
import { AccuracyQuery, AccuracyResponse } from '@masar/model/api/predictions'
import { CancellationBody, CancellationQuery, TripCancellation, TripCancellationsResponse } from '@masar/model/api/trips'
import { IdParams } from '@masar/model/api/stops'

/**
 * For dispatchers: how accurate the predictions have been (by method and horizon, with the ETA Accuracy Benchmark
 * score), and cancelling a trip for a day (it leaves the predictions and shows as CANCELED in TripUpdates).
 */
export interface PredictionRoutesOptions {
  pool: pg.Pool
  auth: Auth
  /** The active schedule now (it changes when a new feed is activated). */
  schedule: () => Schedule | null
  now: () => number
  accuracy: (sinceMs: number) => Promise<AccuracyTable>
  onCancellationChange: () => Promise<void>
}

export const predictionsPlugin: FastifyPluginAsync<PredictionRoutesOptions> = async (app, options) => {
  const { pool, now } = options
  const dispatcher = options.auth.requireRole('dispatcher', 'admin')

  app.get<{ Querystring: { hours: number } }>('/api/v1/kpi/predictions', {
    preHandler: dispatcher,
    schema: {
      tags: ['fleet'], operationId: 'getPredictionAccuracy', summary: 'Prediction accuracy by method and horizon (0–3, 3–6, 6–10, 10–15, 15–30 min): count, MAE, p50/p90 error, early share, ETA Accuracy Benchmark',
      querystring: AccuracyQuery, response: { 200: AccuracyResponse },
    },
  }, async (request): Promise<AccuracyResponse> => {
    const sinceMs = now() - request.query.hours * 3600_000
    const table = await options.accuracy(sinceMs)
    return { since: new Date(sinceMs).toISOString(), ...table }
  })

  const tripOrFail = (tripId: string) => {
    const schedule = options.schedule()
    if (!schedule) throw new ApiError('API_NO_ACTIVE_FEED', 'no GTFS feed is active: trips come with it')
    const trip = schedule.trips.get(tripId)
    if (!trip) throw new ApiError('API_TRIP_NOT_FOUND', `no trip "${tripId}" in the active feed`)
    return { schedule, trip }
  }
  const serviceDateOf = (schedule: Schedule, serviceId: string, given: string | undefined): string => {
    if (given) {
      if (!schedule.servicesOn(given).has(serviceId)) throw new ApiError('API_TRIP_NOT_RUNNING', `the trip does not run on ${given}`)
      return given
    }
    const date = candidateServiceDates(now(), schedule.timeZone).filter((d) => schedule.servicesOn(d).has(serviceId)).at(-1)
    if (!date) throw new ApiError('API_TRIP_NOT_RUNNING', 'the trip does not run today: give serviceDate')
    return date
  }

  app.put<{ Params: { id: string }; Body: CancellationBody }>('/api/v1/trips/:id/cancellation', {
    preHandler: dispatcher,
    schema: {
      tags: ['fleet'], operationId: 'cancelTrip', summary: 'Cancel a trip for a service day',
      params: IdParams(128), body: CancellationBody, response: { 201: TripCancellation },
    },
  }, async (request, reply) => {
    const { schedule, trip } = tripOrFail(request.params.id)
    const cancellation = await cancelTrip(pool, { tripId: trip.tripId, serviceDate: serviceDateOf(schedule, trip.serviceId, request.body.serviceDate), reason: request.body.reason, cancelledBy: request.account!.sub })
    await options.onCancellationChange()
    return reply.code(201).send(cancellation)
  })

  app.delete<{ Params: { id: string }; Querystring: { serviceDate?: string } }>('/api/v1/trips/:id/cancellation', {
    preHandler: dispatcher,
    schema: {
      tags: ['fleet'], operationId: 'restoreTrip', summary: 'Restore a cancelled trip',
      params: IdParams(128), querystring: CancellationQuery, response: { 204: { description: 'restored', type: 'null' } },
    },
  }, async (request, reply) => {
    const { schedule, trip } = tripOrFail(request.params.id)
    const serviceDate = serviceDateOf(schedule, trip.serviceId, request.query.serviceDate)
    if (!(await restoreTrip(pool, trip.tripId, serviceDate))) throw new ApiError('API_TRIP_NOT_CANCELLED', `trip "${trip.tripId}" is not cancelled on ${serviceDate}`)
    await options.onCancellationChange()
    return reply.code(204).send()
  })

  app.get('/api/v1/trip-cancellations', { preHandler: dispatcher, schema: { tags: ['fleet'], operationId: 'listTripCancellations', summary: 'Trips cancelled for the service days running now', response: { 200: TripCancellationsResponse } } }, async (): Promise<TripCancellationsResponse> => ({
    cancellations: await (async (schedule) => (schedule ? readTripCancellations(pool, candidateServiceDates(now(), schedule.timeZone)) : []))(options.schedule()),
  }))
}
