import { randomUUID } from 'node:crypto'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { startEmbeddedBroker } from '@masar/embedded/embedded-broker'
import type { EmbeddedBroker } from '@masar/embedded/embedded-broker'
import { createTestBroker } from '@masar/platform/testing/test-broker'
import type { TestBroker } from '@masar/platform/testing/test-broker'
import { connect, connectAsync } from 'mqtt'
import type { MqttClient } from 'mqtt'
import mqttPacket from 'mqtt-packet'
import pino from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMqttSubscriber, MqttSubscriberError } from './mqtt-subscriber.js'
import type { InboundMessage, MqttSubscriber, MqttSubscriberOptions } from './mqtt-subscriber.js'

// MQTT_URL set (Mosquitto): MQTT 5 with $share; unset: embedded aedes, MQTT 3.1.1 only.
let broker: TestBroker
beforeAll(async () => {
  broker = await createTestBroker()
})
afterAll(async () => {
  await broker?.close()
})

const cleanups: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const WAIT = { timeout: 30_000, interval: 20 }

function uniqueName(kind: string): string {
  return `test-mqtt-subscriber-${kind}-${randomUUID().slice(0, 8)}`
}

interface StartedSubscriber {
  subscriber: MqttSubscriber
  received: InboundMessage[]
  logMessages(): string[]
  logEntries: Array<Record<string, unknown>>
}

function createSubscriber(options: Partial<MqttSubscriberOptions> & Pick<MqttSubscriberOptions, 'clientId' | 'topicFilters'>): StartedSubscriber {
  const received: InboundMessage[] = []
  const logEntries: Array<Record<string, unknown>> = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logEntries.push(JSON.parse(line)) })
  const subscriber = createMqttSubscriber({
    url: broker.url,
    protocolVersion: broker.protocolVersion,
    cleanStart: true,
    sessionExpirySeconds: 0,
    receiveMaximum: 5000,
    keepaliveSeconds: 30,
    reconnectMinMs: 50,
    reconnectMaxMs: 500,
    logger,
    onMessage: (message) => received.push(message),
    ...options,
  })
  cleanups.push(() => subscriber.stop())
  return { subscriber, received, logEntries, logMessages: () => logEntries.map((entry) => String(entry.msg)) }
}

/** Leaves no persistent session behind on a shared broker: connect once with a clean start and expiry 0. */
async function clearSession(url: string, protocolVersion: 4 | 5, clientId: string): Promise<void> {
  const cleaner = createSubscriber({ url, protocolVersion, clientId, topicFilters: ['test-mqtt-subscriber/none'] })
  await cleaner.subscriber.start()
  await cleaner.subscriber.stop()
}

async function connectPublisher(url = broker.url, protocolVersion = broker.protocolVersion): Promise<MqttClient> {
  const client = await connectAsync(url, { protocolVersion, clientId: uniqueName('pub'), reconnectPeriod: 0 })
  cleanups.push(() => client.endAsync())
  return client
}

async function publish(client: MqttClient, messages: Array<[topic: string, payload: string]>): Promise<void> {
  await Promise.all(messages.map(([topic, payload]) => client.publishAsync(topic, payload, { qos: 1 })))
}

const payloadsOf = (messages: InboundMessage[]): string[] => messages.map((message) => message.payload.toString())

/**
 * A TCP proxy between subscriber and broker, so tests can cut or freeze the network and see the packets that
 * really went over the wire (PUBLISH ids from the broker, what the subscriber sent back).
 */
interface TcpProxy {
  url: string
  publishIdByPayload: Map<string, number>
  /** Packets the subscriber sent, e.g. 'puback:17', 'disconnect'. */
  sent: string[]
  pubackIds(): number[]
  /** Like a crash of our side: the broker sees data then EOF, without DISCONNECT; the subscriber sees a reset. */
  cut(options: { refuseNew: boolean }): void
  /** Current connections become black holes in both directions, neither side sees a close. */
  freeze(): void
}

async function startTcpProxy(targetUrl: string, protocolVersion: 4 | 5, port = 0): Promise<TcpProxy> {
  const target = new URL(targetUrl)
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>()
  const publishIdByPayload = new Map<string, number>()
  const sent: string[] = []
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    const pair = { client, upstream, frozen: false }
    pairs.add(pair)
    const fromClient = mqttPacket.parser({ protocolVersion })
    const fromBroker = mqttPacket.parser({ protocolVersion })
    fromClient.on('packet', (packet) => sent.push(packet.messageId === undefined ? packet.cmd : `${packet.cmd}:${packet.messageId}`))
    fromBroker.on('packet', (packet) => {
      if (packet.cmd === 'publish' && packet.messageId !== undefined) publishIdByPayload.set(packet.payload.toString(), packet.messageId)
    })
    client.on('data', (chunk: Buffer) => {
      if (pair.frozen) return
      fromClient.parse(chunk)
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (pair.frozen) return
      fromBroker.parse(chunk)
      client.write(chunk)
    })
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => {
      pairs.delete(pair)
      if (!pair.frozen) upstream.end()
    })
    upstream.on('close', () => {
      if (!pair.frozen) client.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const closeAll = (): void => {
    for (const { client, upstream } of pairs) {
      upstream.end()
      client.destroy()
    }
  }
  cleanups.push(() => {
    closeAll()
    return new Promise((resolve) => server.close(resolve))
  })
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publishIdByPayload,
    sent,
    pubackIds: () => sent.filter((packet) => packet.startsWith('puback:')).map((packet) => Number(packet.slice(7))),
    cut({ refuseNew }) {
      if (refuseNew) server.close()
      closeAll()
    },
    freeze() {
      for (const pair of pairs) pair.frozen = true
    },
  }
}

describe(`MQTT subscriber (${process.env.MQTT_URL ? 'MQTT_URL broker, MQTT 5' : 'embedded aedes, MQTT 3.1.1'})`, () => {
  it('keeps reading: 3,000 QoS 1 messages arrive while none is acknowledged, then PUBACKs go out in ack() order', async () => {
    const prefix = uniqueName('flood')
    const proxy = await startTcpProxy(broker.url, broker.protocolVersion)
    const filter = broker.supportsSharedSubscriptions ? `$share/${uniqueName('group')}/${prefix}/+` : `${prefix}/+`
    const { subscriber, received } = createSubscriber({ url: proxy.url, clientId: uniqueName('sub'), topicFilters: [filter] })
    await subscriber.start()
    expect(subscriber.isConnected()).toBe(true)

    const publisher = await connectPublisher()
    await publish(publisher, Array.from({ length: 3000 }, (_, i) => [`${prefix}/bus-${i % 50}`, `m${i}`]))
    await vi.waitFor(() => expect(received).toHaveLength(3000), { ...WAIT, timeout: 60_000 })
    expect(new Set(payloadsOf(received)).size).toBe(3000)
    expect(proxy.pubackIds()).toEqual([])
    expect(subscriber.unackedCount()).toBe(3000)

    const ackOrder = [...received].reverse()
    for (const message of ackOrder) message.ack()
    for (const message of ackOrder) message.ack() // idempotent: no second PUBACK
    expect(subscriber.unackedCount()).toBe(0)
    const expectedIds = payloadsOf(ackOrder).map((payload) => proxy.publishIdByPayload.get(payload))
    await vi.waitFor(() => expect(proxy.pubackIds()).toHaveLength(3000), WAIT)
    expect(proxy.pubackIds()).toEqual(expectedIds)
  })

  it('stamps what it receives with the clock it is given (the demo clock of `npm start`), by default the machine\'s', async () => {
    const prefix = uniqueName('clock')
    const demoNowMs = Date.UTC(2026, 10, 23, 5, 0)
    const shifted = createSubscriber({ clientId: uniqueName('sub'), topicFilters: [`${prefix}/+`], now: () => demoNowMs })
    const plain = createSubscriber({ clientId: uniqueName('sub'), topicFilters: [`${prefix}/+`] })
    await Promise.all([shifted.subscriber.start(), plain.subscriber.start()])
    const before = Date.now()
    await publish(await connectPublisher(), [[`${prefix}/bus-1`, 'm1']])
    await vi.waitFor(() => expect(shifted.received.length + plain.received.length).toBe(2), WAIT)
    expect(shifted.received[0]!.receivedAtMs).toBe(demoNowMs)
    expect(plain.received[0]!.receivedAtMs).toBeGreaterThanOrEqual(before)
    expect(plain.received[0]!.receivedAtMs).toBeLessThanOrEqual(Date.now())
  })

  it('a persistent session redelivers what was not acknowledged before a crash, and nothing that was', async () => {
    const prefix = uniqueName('crash')
    const clientId = uniqueName('sub')
    cleanups.push(() => clearSession(broker.url, broker.protocolVersion, clientId))
    const persistent = { clientId, topicFilters: [`${prefix}/+`], cleanStart: false, sessionExpirySeconds: 300 }
    const proxy = await startTcpProxy(broker.url, broker.protocolVersion)
    const first = createSubscriber({ ...persistent, url: proxy.url })
    await first.subscriber.start()
    const publisher = await connectPublisher()
    await publish(publisher, Array.from({ length: 10 }, (_, i) => [`${prefix}/bus-1`, `m${i}`]))
    await vi.waitFor(() => expect(first.received).toHaveLength(10), WAIT)

    const [acked, notAcked] = [first.received.slice(0, 5), first.received.slice(5)]
    for (const message of acked) message.ack()
    await vi.waitFor(() => expect(proxy.pubackIds()).toHaveLength(5), WAIT)
    proxy.cut({ refuseNew: true })
    await vi.waitFor(() => expect(first.logMessages()).toContain('mqtt connection lost'), WAIT)
    expect(first.subscriber.isConnected()).toBe(false)
    expect(first.subscriber.unackedCount()).toBe(0)
    notAcked[0]?.ack() // the connection it came on is gone: a no-op, the broker still redelivers it
    await first.subscriber.stop()

    const second = createSubscriber({ ...persistent })
    await second.subscriber.start()
    await publish(publisher, [[`${prefix}/bus-1`, 'marker']]) // arrives after the redeliveries
    await vi.waitFor(() => expect(payloadsOf(second.received)).toContain('marker'), WAIT)
    expect(payloadsOf(second.received)).toEqual([...payloadsOf(notAcked), 'marker'])
    for (const message of second.received) message.ack()
  })

  it('reconnects after the network drops and keeps receiving; unacked messages of the old connection are redelivered', async () => {
    const prefix = uniqueName('drop')
    const clientId = uniqueName('sub')
    cleanups.push(() => clearSession(broker.url, broker.protocolVersion, clientId))
    const proxy = await startTcpProxy(broker.url, broker.protocolVersion)
    const { subscriber, received, logMessages } = createSubscriber({
      url: proxy.url, clientId, topicFilters: [`${prefix}/+`], cleanStart: false, sessionExpirySeconds: 300,
    })
    await subscriber.start()
    const publisher = await connectPublisher()
    await publish(publisher, [[`${prefix}/bus-1`, 'before']])
    await vi.waitFor(() => expect(received).toHaveLength(1), WAIT)

    proxy.cut({ refuseNew: false })
    await vi.waitFor(() => expect(logMessages()).toContain('mqtt reconnected'), WAIT)
    expect(logMessages()).toContain('mqtt connection lost')
    await vi.waitFor(() => expect(payloadsOf(received)).toEqual(['before', 'before']), WAIT) // redelivered
    await publish(publisher, [[`${prefix}/bus-1`, 'after']])
    await vi.waitFor(() => expect(payloadsOf(received)).toEqual(['before', 'before', 'after']), WAIT)
    expect(subscriber.isConnected()).toBe(true)
    expect(subscriber.unackedCount()).toBe(2)
    for (const message of received) message.ack()
    expect(subscriber.unackedCount()).toBe(0)
  })

  it('setReading(false) holds further messages at the broker without losing the connection to keepalive', async () => {
    const prefix = uniqueName('backpressure')
    const { subscriber, received, logEntries } = createSubscriber({ clientId: uniqueName('sub'), topicFilters: [`${prefix}/+`], keepaliveSeconds: 1 })
    await subscriber.start()
    const publisher = await connectPublisher()
    await publish(publisher, [[`${prefix}/bus-1`, 'before']])
    await vi.waitFor(() => expect(payloadsOf(received)).toEqual(['before']), WAIT)

    subscriber.setReading(false)
    await publish(publisher, Array.from({ length: 20 }, (_, i): [string, string] => [`${prefix}/bus-1`, `held-${i}`]))
    // Three keepalive periods without reading: the connection must survive them.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(payloadsOf(received)).toEqual(['before'])
    expect(subscriber.isConnected()).toBe(true)
    expect(logEntries.filter((entry) => entry.msg === 'mqtt connection lost')).toEqual([])

    subscriber.setReading(true)
    await vi.waitFor(() => expect(received).toHaveLength(21), WAIT)
    expect(payloadsOf(received).slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `held-${i}`))
  })

  it('detects a silent connection by keepalive and reconnects', async () => {
    const prefix = uniqueName('keepalive')
    const proxy = await startTcpProxy(broker.url, broker.protocolVersion)
    const { subscriber, received, logEntries } = createSubscriber({
      url: proxy.url, clientId: uniqueName('sub'), topicFilters: [`${prefix}/+`], keepaliveSeconds: 1,
    })
    await subscriber.start()
    proxy.freeze()
    await vi.waitFor(() => {
      const lost = logEntries.find((entry) => entry.msg === 'mqtt connection lost')
      expect(String(lost?.reason)).toMatch(/^keepalive timeout/)
    }, WAIT)
    await vi.waitFor(() => expect(subscriber.isConnected()).toBe(true), WAIT)
    const publisher = await connectPublisher()
    await publish(publisher, [[`${prefix}/bus-1`, 'after']])
    await vi.waitFor(() => expect(payloadsOf(received)).toEqual(['after']), WAIT)
  })

  it('pauseIntake() stops delivery but not acks; stop() flushes PUBACKs before DISCONNECT', async () => {
    const prefix = uniqueName('pause')
    const proxy = await startTcpProxy(broker.url, broker.protocolVersion)
    const { subscriber, received } = createSubscriber({ url: proxy.url, clientId: uniqueName('sub'), topicFilters: [`${prefix}/+`] })
    await subscriber.start()
    const publisher = await connectPublisher()
    await publish(publisher, [[`${prefix}/bus-1`, 'first']])
    await vi.waitFor(() => expect(received).toHaveLength(1), WAIT)

    subscriber.pauseIntake()
    await publish(publisher, [[`${prefix}/bus-1`, 'second']])
    await vi.waitFor(() => expect(subscriber.unackedCount()).toBe(2), WAIT) // 'second' arrived, unacked
    expect(payloadsOf(received)).toEqual(['first'])
    received[0]?.ack()
    await subscriber.stop() // same tick as ack(): the PUBACK is still written first
    const firstId = proxy.publishIdByPayload.get('first')
    await vi.waitFor(() => expect(proxy.sent.slice(-2)).toEqual([`puback:${firstId}`, 'disconnect']), WAIT)
  })
})

/** Whether the broker holds a session for the client id (asked with MQTT 5 and expiry 0, which then ends it). */
async function sessionPresent(clientId: string): Promise<boolean> {
  const client = connect(broker.url, { protocolVersion: 5, clientId, clean: false, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 })
  const present = await new Promise<boolean>((resolve, reject) => {
    client.once('connect', (connack) => resolve(connack.sessionPresent))
    client.once('error', reject)
  })
  await client.endAsync()
  return present
}

describe.skipIf(!process.env.MQTT_URL)('MQTT subscriber leaving a shared subscription (MQTT_URL broker, MQTT 5)', () => {
  const persistent = { cleanStart: false, sessionExpirySeconds: 300 }

  it('leave() stores what the broker had queued for it, ends its session, and from then on the group gets everything', async () => {
    const prefix = uniqueName('leave')
    const filter = `$share/${uniqueName('group')}/${prefix}/+`
    const [leavingId, stayingId] = [uniqueName('sub-a'), uniqueName('sub-b')]
    cleanups.push(() => clearSession(broker.url, 5, stayingId))
    // Receive Maximum 5: most of what the broker gives the leaving member waits in its session, not on the wire.
    const leaving = createSubscriber({ ...persistent, clientId: leavingId, topicFilters: [filter], receiveMaximum: 5 })
    const staying = createSubscriber({ ...persistent, clientId: stayingId, topicFilters: [filter], onMessage: (message) => (staying.received.push(message), message.ack()) })
    await leaving.subscriber.start()
    await staying.subscriber.start()
    const publisher = await connectPublisher()
    const sent = (from: number, count: number) => Array.from({ length: count }, (_, i): [string, string] => [`${prefix}/bus-1`, `m${from + i}`])
    await publish(publisher, sent(0, 200))
    await vi.waitFor(() => expect(leaving.received).toHaveLength(5), WAIT) // its in-flight window, none acknowledged yet
    expect(staying.received.length).toBeLessThan(200) // the broker shares them out

    let stores = 0
    const outcome = await leaving.subscriber.leave(async () => {
      stores++
      for (const message of leaving.received) message.ack()
      return true
    })
    expect(outcome).toBe('left')
    expect(stores).toBeGreaterThan(1) // the first barrier released what waited in the session
    expect(leaving.received.length + staying.received.length).toBe(200)
    expect(new Set(payloadsOf([...leaving.received, ...staying.received])).size).toBe(200)
    expect(leaving.logMessages()).toContain('mqtt subscription left: everything received is stored, ending the session')

    await publish(publisher, sent(200, 100))
    await vi.waitFor(() => expect(staying.received.length).toBe(300 - leaving.received.length), WAIT)
    expect(await sessionPresent(leavingId)).toBe(false)
  })

  it('leave() that cannot store everything keeps the session: the same client id gets what was not acknowledged', async () => {
    const prefix = uniqueName('kept')
    const clientId = uniqueName('sub')
    cleanups.push(() => clearSession(broker.url, 5, clientId))
    const filter = `$share/${uniqueName('group')}/${prefix}/+`
    const first = createSubscriber({ ...persistent, clientId, topicFilters: [filter] })
    await first.subscriber.start()
    const publisher = await connectPublisher()
    await publish(publisher, [[`${prefix}/bus-1`, 'stored'], [`${prefix}/bus-1`, 'not stored']])
    await vi.waitFor(() => expect(first.received).toHaveLength(2), WAIT)

    const outcome = await first.subscriber.leave(async () => {
      first.received[0]?.ack()
      return false // gave up: the database is down
    })
    expect(outcome).toBe('kept')
    expect(first.subscriber.isConnected()).toBe(false)

    const second = createSubscriber({ ...persistent, clientId, topicFilters: [filter] })
    await second.subscriber.start()
    await vi.waitFor(() => expect(payloadsOf(second.received)).toEqual(['not stored']), WAIT)
    second.received[0]?.ack()
  })
})

/** A port where nothing listens (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('MQTT subscriber start and stop', () => {
  it('start() keeps retrying while the broker is unreachable and resolves once it is there', async () => {
    const port = await freePort()
    const { subscriber, logMessages } = createSubscriber({
      url: `mqtt://127.0.0.1:${port}`, clientId: uniqueName('sub'), topicFilters: [`${uniqueName('retry')}/+`],
    })
    const started = subscriber.start()
    await vi.waitFor(() => expect(logMessages()).toContain('mqtt connect failed'), WAIT)
    await startTcpProxy(broker.url, broker.protocolVersion, port)
    await started
    expect(subscriber.isConnected()).toBe(true)
  })

  it('stop() before the first SUBACK rejects start() with MQTT_SUBSCRIBER_STOPPED and ends the retries', async () => {
    const port = await freePort()
    const { subscriber, logMessages } = createSubscriber({
      url: `mqtt://127.0.0.1:${port}`, clientId: uniqueName('sub'), topicFilters: ['a/+'],
    })
    const started = subscriber.start()
    await vi.waitFor(() => expect(logMessages()).toContain('mqtt connect failed'), WAIT)
    await subscriber.stop()
    await expect(started).rejects.toMatchObject({ code: 'MQTT_SUBSCRIBER_STOPPED' })
    expect(logMessages()).toContain('mqtt stopped')
  })

  it('rejects options it cannot use with MQTT_OPTIONS_INVALID', () => {
    const base = { clientId: uniqueName('sub'), topicFilters: ['a/+'] }
    expect(() => createSubscriber({ ...base, url: 'http://127.0.0.1:1883' })).toThrow(expect.objectContaining({ code: 'MQTT_OPTIONS_INVALID' }))
    expect(() => createSubscriber({ ...base, receiveMaximum: 0 })).toThrow(/receiveMaximum must be an integer in 1\.\.65535/)
    expect(() => createSubscriber({ ...base, password: 'secret' })).toThrow(/Username is required to use password/)
  })
})

describe('MQTT subscriber against an embedded aedes broker (always run)', () => {
  let aedes: EmbeddedBroker
  beforeAll(async () => {
    aedes = await startEmbeddedBroker()
  })
  afterAll(async () => {
    await aedes?.close()
  })

  it('start() rejects with MQTT_CONNECT_REFUSED when the broker refuses the credentials', async () => {
    const refusing = await startEmbeddedBroker()
    cleanups.push(() => refusing.close())
    refusing.broker.authenticate = (_client, _username, _password, done) =>
      done(Object.assign(new Error('bad user name or password'), { returnCode: 4 as const }), null)
    const { subscriber } = createSubscriber({
      url: refusing.url, protocolVersion: 4, clientId: uniqueName('sub'), topicFilters: ['a/+'], username: 'u', password: 'wrong',
    })
    const started = subscriber.start()
    await expect(started).rejects.toBeInstanceOf(MqttSubscriberError)
    await expect(started).rejects.toMatchObject({
      code: 'MQTT_CONNECT_REFUSED',
      reasonCode: 4,
      message: `the broker refused the connection: bad user name or password (${refusing.url})`,
    })
    expect(subscriber.isConnected()).toBe(false)
  })

  it('start() rejects with MQTT_CONNECT_REFUSED when the broker does not speak MQTT 5', async () => {
    const { subscriber } = createSubscriber({ url: aedes.url, protocolVersion: 5, clientId: uniqueName('sub'), topicFilters: ['a/+'] })
    await expect(subscriber.start()).rejects.toMatchObject({
      code: 'MQTT_CONNECT_REFUSED',
      message: `the broker refused the connection: unacceptable protocol version (${aedes.url})`,
    })
  })

  it('reconnects when the broker closes the connection and keeps receiving', async () => {
    const prefix = uniqueName('broker-close')
    const clientId = uniqueName('sub')
    const { subscriber, received, logMessages } = createSubscriber({
      url: aedes.url, protocolVersion: 4, clientId, topicFilters: [`${prefix}/+`], cleanStart: false,
    })
    await subscriber.start()
    const publisher = await connectPublisher(aedes.url, 4)
    await publish(publisher, [[`${prefix}/bus-1`, 'before']])
    await vi.waitFor(() => expect(received).toHaveLength(1), WAIT)

    const clients = (aedes.broker as unknown as { clients: Record<string, { close(): void }> }).clients
    clients[clientId]?.close()
    await vi.waitFor(() => expect(logMessages()).toContain('mqtt reconnected'), WAIT)
    await publish(publisher, [[`${prefix}/bus-1`, 'after']])
    await vi.waitFor(() => expect(payloadsOf(received)).toContain('after'), WAIT)
    expect(subscriber.isConnected()).toBe(true)
  })
})
