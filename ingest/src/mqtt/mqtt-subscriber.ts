/**
 * MQTT subscriber that acknowledges QoS 1 messages only when the application calls `ack()` (after its database
 * batch commits) while it keeps reading: thousands of messages can be unacknowledged at once. Built on mqtt-packet
 * because MQTT.js reads the next packet only after the PUBACK callback (see TOOLCHAIN.md, "Acknowledging MQTT
 * messages only after they are stored"). With `cleanStart: false` the broker keeps the session, so messages that
 * were never acknowledged (crash, lost connection) are redelivered on the next connection.
 * This module owns the lifecycle: start, reconnect with backoff, leave, stop. One connection lives in mqtt-connection.ts.
 */
import type { Logger } from 'pino'
import { encodeConnect, openMqttConnection } from './mqtt-connection.js'
import type { MqttConnection, MqttConnectionSettings } from './mqtt-connection.js'
import { parseBrokerUrl } from './parse-broker-url.js'

export interface InboundMessage {
  topic: string
  payload: Buffer
  /** The subscriber's clock (`now`) when the PUBLISH was parsed. */
  receivedAtMs: number
  /**
   * Send the PUBACK (QoS 1). Idempotent. A no-op if the connection this message came on is gone (the broker will
   * redeliver it). PUBACKs go out in the order ack() is called. A plain function: it may be called detached.
   */
  readonly ack: () => void
}

export interface MqttSubscriberOptions {
  /** mqtt://host:port or mqtts://host:port; default port 1883/8883. */
  url: string
  clientId: string
  username?: string
  password?: string
  /** 5 for Mosquitto/EMQX; 4 for the embedded aedes broker (it speaks only 3.1.1). */
  protocolVersion: 4 | 5
  /** Subscribed at QoS 1, e.g. ['$share/ingest/masar/v1/+/vehicles/+/position']. */
  topicFilters: string[]
  /** false in production: a persistent session, so unacked messages are redelivered after a crash. */
  cleanStart: boolean
  /** MQTT 5 Session Expiry Interval (ignored for v4). */
  sessionExpirySeconds: number
  /** MQTT 5 Receive Maximum announced in CONNECT: how many unacked QoS 1 messages the broker may have in flight to us (1..65535; ignored for v4). */
  receiveMaximum: number
  keepaliveSeconds: number
  /** Backoff: min..max, doubling, with jitter. */
  reconnectMinMs: number
  reconnectMaxMs: number
  onMessage(message: InboundMessage): void
  logger: Logger
  /** The clock receivedAtMs is read from; default Date.now. */
  now?: () => number
}

export interface MqttSubscriber {
  /** Connects and subscribes; resolves after the first SUBACK. Rejects with a clear error if the first connect is refused (bad credentials, protocol) — keeps retrying on network errors until stop(). */
  start(): Promise<void>
  /** Sends DISCONNECT (after flushing pending PUBACK writes) and stops reconnecting. The session stays at the broker. */
  stop(): Promise<void>
  /**
   * Leaves for good, losing nothing: UNSUBSCRIBE (in a shared subscription the broker gives the group's messages to
   * the other members from then on), then `storeReceived()` and a PINGREQ barrier in turn until a barrier brings no
   * message the broker had queued for this session, then DISCONNECT ending the session (MQTT 5 Session Expiry
   * Interval 0). `storeReceived` resolves true once every message handed over so far is stored and acknowledged, false
   * if it gave up (database down at the deadline). Resolves 'left', or 'kept' when it could not drain everything
   * (the connection was down or lost, or storeReceived gave up): then the session is kept with its unacknowledged
   * messages, for the same client id to collect; also when `giveUp` is aborted while it waits for the broker (which
   * it cannot read from while setReading(false) holds). No reconnect after it; stop() afterwards is a no-op.
   */
  leave(storeReceived: () => Promise<boolean>, giveUp?: AbortSignal): Promise<'left' | 'kept'>
  isConnected(): boolean
  /** Count of messages received but not yet acked on the current connection. */
  unackedCount(): number
  /**
   * For shutdown: stop handing new messages to onMessage (they stay unacknowledged, so the broker redelivers them),
   * while the connection stays up for the acks of messages already handed over. No UNSUBSCRIBE: the persistent
   * session keeps its subscription. Order: pauseIntake() → commit → ack() → stop().
   */
  pauseIntake(): void
  /**
   * Backpressure: stop reading from the broker while the application holds too many unacknowledged messages, and
   * resume when it has caught up. A new connection starts reading (it must, to get CONNACK and SUBACK).
   */
  setReading(reading: boolean): void
}

export type MqttSubscriberErrorCode =
  | 'MQTT_CONNECT_REFUSED'
  | 'MQTT_OPTIONS_INVALID'
  | 'MQTT_SUBSCRIBER_STOPPED'

export class MqttSubscriberError extends Error {
  readonly code: MqttSubscriberErrorCode
  /** The CONNACK return/reason code, for MQTT_CONNECT_REFUSED. */
  readonly reasonCode: number | undefined

  constructor(code: MqttSubscriberErrorCode, message: string, details: { cause?: unknown; reasonCode?: number } = {}) {
    super(message, { cause: details.cause })
    this.name = 'MqttSubscriberError'
    this.code = code
    this.reasonCode = details.reasonCode
  }
}

// Refusals that say "not now" rather than "not you": retried with backoff even on the first connect.
const TRANSIENT_REFUSAL_CODES = new Set([0x03, 0x88, 0x89, 0x97, 0x9f])

export function createMqttSubscriber(options: MqttSubscriberOptions): MqttSubscriber {
  const { logger, reconnectMinMs, reconnectMaxMs } = options
  const settings = toConnectionSettings(options)
  const url = settings.broker.displayUrl
  const { clientId } = options
  let connection: MqttConnection | undefined
  let connected = false
  let subscribedOnce = false
  let stopped = false
  let failedAttempts = 0
  let reconnectTimer: NodeJS.Timeout | undefined
  let startPromise: Promise<void> | undefined
  let settleStart: { resolve(): void; reject(err: Error): void } | undefined
  let stopPromise: Promise<void> | undefined
  let intakePaused = false
  let leaving = false

  function connect(): void {
    reconnectTimer = undefined
    const current: MqttConnection = openMqttConnection(settings, {
      onConnected(sessionPresent) {
        connected = true
        logger.info({ url, clientId, sessionPresent }, subscribedOnce ? 'mqtt reconnected' : 'mqtt connected')
        if (subscribedOnce && !options.cleanStart && !sessionPresent) {
          logger.warn({ url, clientId }, 'mqtt session not resumed: messages published while we were away may be lost')
        }
      },
      onSubscribed() {
        subscribedOnce = true
        failedAttempts = 0
        settleStart?.resolve()
        settleStart = undefined
      },
      onRefused(reasonCode, reason) {
        const err = new MqttSubscriberError('MQTT_CONNECT_REFUSED',
          `the broker refused the connection: ${reason} (${url})`, { reasonCode })
        if (subscribedOnce || TRANSIENT_REFUSAL_CODES.has(reasonCode)) {
          logger.error({ err, reasonCode }, 'mqtt connect refused')
          return
        }
        stopped = true // a first connect refused for good: start() rejects, no retries
        settleStart?.reject(err)
        settleStart = undefined
      },
      onMessage(message) {
        if (!intakePaused) options.onMessage(message)
      },
      onClose(reason, err) {
        if (connection !== current) return
        connection = undefined
        const wasConnected = connected
        connected = false
        if (stopped || leaving) return
        if (wasConnected) {
          logger.warn({ err, reason, url, unackedMessages: current.unackedCount() }, 'mqtt connection lost')
        } else if (failedAttempts === 0) {
          logger.warn({ err, reason, url }, 'mqtt connect failed')
        } else {
          logger.debug({ err, reason, url, failedAttempts }, 'mqtt connect failed') // one warn per outage
        }
        scheduleReconnect()
      },
    })
    connection = current
  }

  function scheduleReconnect(): void {
    const cappedMs = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** failedAttempts)
    const delayMs = Math.max(reconnectMinMs, Math.round(cappedMs * (0.5 + Math.random() / 2)))
    if (failedAttempts === 0) logger.info({ url, delayMs }, 'mqtt reconnecting')
    else logger.debug({ url, delayMs }, 'mqtt reconnecting')
    failedAttempts++
    reconnectTimer = setTimeout(connect, delayMs)
  }

  function stopSubscriber(endSession: boolean): Promise<void> {
    if (stopPromise !== undefined) return stopPromise
    stopped = true
    clearTimeout(reconnectTimer)
    settleStart?.reject(new MqttSubscriberError('MQTT_SUBSCRIBER_STOPPED',
      `the MQTT subscriber was stopped before it could subscribe (${url})`))
    settleStart = undefined
    const current = connection
    stopPromise = (current === undefined ? Promise.resolve() : current.disconnect({ endSession })).then(() => {
      connected = false
      connection = undefined
      logger.info({ url, clientId, sessionEnded: endSession }, 'mqtt stopped')
    })
    return stopPromise
  }

  return {
    start(): Promise<void> {
      if (startPromise !== undefined) return startPromise
      if (stopped) {
        return Promise.reject(new MqttSubscriberError('MQTT_SUBSCRIBER_STOPPED', `the MQTT subscriber was stopped (${url})`))
      }
      startPromise = new Promise<void>((resolve, reject) => (settleStart = { resolve, reject }))
      connect()
      return startPromise
    },
    stop: () => stopSubscriber(false),
    async leave(storeReceived: () => Promise<boolean>, giveUp?: AbortSignal): Promise<'left' | 'kept'> {
      const current = connection
      if (leaving || stopped || current === undefined || !connected) return 'kept'
      leaving = true
      const drained = await drain(current, storeReceived, giveUp)
      if (drained) logger.info({ url, clientId, messages: current.receivedCount() }, 'mqtt subscription left: everything received is stored, ending the session')
      await stopSubscriber(drained)
      return drained ? 'left' : 'kept'
    },
    pauseIntake(): void {
      if (intakePaused) return
      intakePaused = true
      logger.info({ url, clientId }, 'mqtt intake paused')
    },
    isConnected: () => connected,
    unackedCount: () => connection?.unackedCount() ?? 0,
    setReading: (reading) => connection?.setReading(reading),
  }
}

/** UNSUBSCRIBE, then store and barrier in turn until nothing more arrives: true when everything received is acknowledged. */
async function drain(connection: MqttConnection, storeReceived: () => Promise<boolean>, giveUp?: AbortSignal): Promise<boolean> {
  const gaveUp = new Promise<false>((resolve) => {
    if (giveUp?.aborted) resolve(false)
    giveUp?.addEventListener('abort', () => resolve(false), { once: true })
  })
  const answered = (reply: Promise<boolean>) => Promise.race([reply, gaveUp])
  if (!(await answered(connection.unsubscribe()))) return false
  for (;;) {
    if (!(await storeReceived())) return false
    const receivedBefore = connection.receivedCount()
    if (!(await answered(connection.barrier()))) return false
    // Done when nothing arrived since the store and all is acknowledged; else store what came (each turn waits for a
    // round trip to the broker, so a message that can never be acknowledged spins no faster than that).
    if (connection.receivedCount() === receivedBefore && connection.unackedCount() === 0) return true
  }
}

function toConnectionSettings(options: MqttSubscriberOptions): MqttConnectionSettings {
  const broker = parseBrokerUrl(options.url)
  if (broker === undefined) {
    const shownUrl = options.url.replace(/\/\/[^@/]*@/, '//***@')
    throw new MqttSubscriberError('MQTT_OPTIONS_INVALID',
      `the MQTT broker URL must look like mqtt://host:port or mqtts://host:port (got ${shownUrl})`)
  }
  if (options.topicFilters.length === 0) {
    throw new MqttSubscriberError('MQTT_OPTIONS_INVALID', 'the MQTT subscriber needs at least one topic filter')
  }
  checkInteger('receiveMaximum', options.receiveMaximum, 1, 65_535)
  checkInteger('keepaliveSeconds', options.keepaliveSeconds, 0, 65_535)
  checkInteger('sessionExpirySeconds', options.sessionExpirySeconds, 0, 0xffff_ffff)
  checkInteger('reconnectMinMs', options.reconnectMinMs, 1, options.reconnectMaxMs)
  let connectPacket: Buffer
  try {
    connectPacket = encodeConnect({
      clientId: options.clientId,
      username: options.username ?? broker.username,
      password: options.password ?? broker.password,
      protocolVersion: options.protocolVersion,
      cleanStart: options.cleanStart,
      sessionExpirySeconds: options.sessionExpirySeconds,
      receiveMaximum: options.receiveMaximum,
      keepaliveSeconds: options.keepaliveSeconds,
    })
  } catch (err) {
    throw new MqttSubscriberError('MQTT_OPTIONS_INVALID',
      `the MQTT CONNECT packet cannot be encoded for client ${options.clientId}: ${String(err)}`, { cause: err })
  }
  return {
    broker,
    now: options.now ?? Date.now,
    protocolVersion: options.protocolVersion,
    topicFilters: options.topicFilters,
    keepaliveSeconds: options.keepaliveSeconds,
    connectPacket,
    logger: options.logger,
  }
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MqttSubscriberError('MQTT_OPTIONS_INVALID', `MQTT subscriber option ${name} must be an integer in ${min}..${max} (got ${value})`)
  }
}
