import { Type, type Static } from '@sinclair/typebox'
import { Obj, StringEnum } from './schema.js'

/**
 * Every error the api can send, listed once: its stable code (a public contract, never renamed), the HTTP status it
 * always comes with, and what it means. The api throws these (api/src/http/api-errors.ts); the dashboard tells
 * its users what they mean; the OpenAPI document lists them.
 */
export const API_ERRORS = {
  API_BAD_REQUEST: { status: 400, description: 'a parameter or the body breaks the operation\'s schema (the message names the field), or a value is out of range' },
  API_TRIP_NOT_RUNNING: { status: 400, description: 'the trip does not run on the service day given (or today)' },
  API_UNAUTHENTICATED: { status: 401, description: 'no valid bearer token (missing, forged, expired, or revoked: signed out, password changed, account disabled or its role changed): sign in with POST /api/v1/auth/token' },
  API_INVALID_API_KEY: { status: 401, description: 'the X-API-Key is not a key in use (revoked, or never issued)' },
  API_SMS_GATEWAY_UNAUTHENTICATED: { status: 401, description: 'the SMS webhook\'s caller did not give the gateway\'s shared secret (X-Sms-Gateway-Secret header or ?secret=), or gave a wrong one' },
  API_INVALID_CREDENTIALS: { status: 401, description: 'the username or password is wrong' },
  API_FORBIDDEN: { status: 403, description: 'the token\'s role may not do this' },
  API_WRONG_PASSWORD: { status: 403, description: 'the current password given to change it is wrong' },
  API_NOT_FOUND: { status: 404, description: 'no such operation (method and path)' },
  API_STOP_NOT_FOUND: { status: 404, description: 'no stop with this id in the active feed' },
  API_TRIP_NOT_FOUND: { status: 404, description: 'no trip with this id in the active feed' },
  API_ROUTE_NOT_FOUND: { status: 404, description: 'no route with this id in the active feed' },
  API_VEHICLE_NOT_FOUND: { status: 404, description: 'no vehicle with this id has been heard from' },
  API_ALERT_NOT_FOUND: { status: 404, description: 'no service alert with this id' },
  API_TRIP_NOT_CANCELLED: { status: 404, description: 'the trip is not cancelled on that service day' },
  API_LADDER_NO_SHAPE: { status: 404, description: 'the route has no trip with a shape in that direction' },
  API_ACCOUNT_NOT_FOUND: { status: 404, description: 'no account with this username' },
  API_API_KEY_NOT_FOUND: { status: 404, description: 'no API key with this id' },
  API_TILE_NOT_FOUND: { status: 404, description: 'the basemap has nothing in this tile (outside the active feed\'s area, past its last zoom, or no feed is active)' },
  API_ACCOUNT_EXISTS: { status: 409, description: 'an account with this username already exists' },
  API_LAST_ADMIN: { status: 409, description: 'the change would leave no enabled admin account' },
  API_BODY_TOO_LARGE: { status: 413, description: 'the request body is larger than the operation takes' },
  API_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'the body\'s Content-Type is not one the operation reads (application/json)' },
  API_RANGE_NOT_SATISFIABLE: { status: 416, description: 'the byte range asked for (Range header) lies beyond the end of the file' },
  API_RATE_LIMITED: { status: 429, description: 'over the request limit of this address or API key: see Retry-After' },
  API_LIVE_ADDRESS_LIMIT: { status: 429, description: 'this address holds as many live streams (WebSocket /api/v1/live) as one may: close one first' },
  API_AUTH_LOCKED_OUT: { status: 429, description: 'too many failed sign-ins from this address (for this username, or for any), or for this username from everywhere: see Retry-After' },
  API_INTERNAL: { status: 500, description: 'the api failed; the body carries the request id, the log the details' },
  API_NO_ACTIVE_FEED: { status: 503, description: 'no GTFS feed is active yet: stops, trips and routes come with it' },
  API_SMS_GATEWAY_NOT_CONFIGURED: { status: 503, description: 'the SMS webhook is off: no SMS_GATEWAY_SECRET is configured' },
  API_DATABASE_UNAVAILABLE: { status: 503, description: 'the database is away (a restart, a failover): what needs it waits; the feeds, the fleet and arrivals are still served. See Retry-After' },
  API_LIVE_FULL: { status: 503, description: 'this server holds as many live streams as it may: see Retry-After (another replica may have room)' },
  API_REALTIME_NOT_READY: { status: 503, description: 'the realtime engine has not published this yet (a reader just started, or the engine is failing over): try again in a few seconds' },
} as const satisfies Record<`API_${string}`, { status: number; description: string }>

export type ApiErrorCode = keyof typeof API_ERRORS
export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[]

export const isApiErrorCode = (code: unknown): code is ApiErrorCode => typeof code === 'string' && Object.hasOwn(API_ERRORS, code)

/** Every error answer's body. */
export const ApiErrorBody = Obj({
  code: StringEnum(API_ERROR_CODES),
  message: Type.String({ description: 'what went wrong and what to do, for a person' }),
  requestId: Type.Optional(Type.String({ description: 'on 5xx: quote it when reporting the error (it is in the api\'s log)' })),
})
export type ApiErrorBody = Static<typeof ApiErrorBody>
