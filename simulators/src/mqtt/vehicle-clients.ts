import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'

/**
 * One MQTT client per vehicle, as real trackers are: client id = vehicle id, its own username and password when
 * configured, a persistent session, QoS 1. Clients connect on a vehicle's first publish and stay connected until
 * `disconnect(vehicleId)` (a tracker losing its network) or `close()`.
 */
export interface VehicleClientsOptions {
  url: string
  protocolVersion?: 4 | 5
  /** Credentials of a vehicle's tracker (e.g. from a provisioning file); none by default. */
  credentialsOf?: (vehicleId: string) => { username: string; password: string } | null
  /** The MQTT client id of a vehicle's tracker; default its vehicle id (a prefix keeps test fleets apart on a shared broker). */
  clientIdOf?: (vehicleId: string) => string
  /** QoS 1 publishes awaiting PUBACK per vehicle before publish() waits. */
  inFlightPerVehicle?: number
}

export interface VehicleClients {
  publish(vehicleId: string, topic: string, payload: string | Buffer): Promise<void>
  /** Drops the vehicle's connection (its next publish reconnects). */
  disconnect(vehicleId: string): Promise<void>
  connectedCount(): number
  /** Publishes sent and acknowledged so far. */
  acknowledged(): number
  close(): Promise<void>
}

export class VehicleClientError extends Error {
  constructor(readonly code: 'MQTT_CONNECT_FAILED' | 'MQTT_PUBLISH_FAILED', message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'VehicleClientError'
  }
}

interface Connection {
  client: MqttClient
  inFlight: number
  waiters: Array<() => void>
}

export function createVehicleClients(options: VehicleClientsOptions): VehicleClients {
  const connections = new Map<string, Promise<Connection>>()
  const limit = options.inFlightPerVehicle ?? 100
  let acknowledged = 0

  function connect(vehicleId: string): Promise<Connection> {
    const credentials = options.credentialsOf?.(vehicleId) ?? null
    const clientOptions: IClientOptions = {
      clientId: options.clientIdOf?.(vehicleId) ?? vehicleId,
      protocolVersion: options.protocolVersion ?? 4,
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    }
    return new Promise((resolve, reject) => {
      const client = mqtt.connect(options.url, clientOptions)
      const onError = (err: Error) => {
        client.end(true)
        reject(new VehicleClientError('MQTT_CONNECT_FAILED', `vehicle ${vehicleId} could not connect to ${options.url}: ${err.message}`, { cause: err }))
      }
      client.once('error', onError)
      client.once('connect', () => {
        client.off('error', onError)
        client.on('error', () => {}) // reconnects on its own; publishes wait meanwhile
        resolve({ client, inFlight: 0, waiters: [] })
      })
    })
  }

  function connectionOf(vehicleId: string): Promise<Connection> {
    let connection = connections.get(vehicleId)
    if (!connection) {
      connection = connect(vehicleId)
      connection.catch(() => connections.delete(vehicleId))
      connections.set(vehicleId, connection)
    }
    return connection
  }

  return {
    async publish(vehicleId, topic, payload) {
      const connection = await connectionOf(vehicleId)
      while (connection.inFlight >= limit) await new Promise<void>((resolve) => connection.waiters.push(resolve))
      connection.inFlight += 1
      connection.client.publish(topic, payload, { qos: 1 }, (err) => {
        connection.inFlight -= 1
        connection.waiters.shift()?.()
        if (!err) acknowledged += 1
      })
    },
    async disconnect(vehicleId) {
      const connection = connections.get(vehicleId)
      if (!connection) return
      connections.delete(vehicleId)
      const { client } = await connection
      await client.endAsync()
    },
    connectedCount: () => connections.size,
    acknowledged: () => acknowledged,
    async close() {
      const all = [...connections.values()]
      connections.clear()
      await Promise.all(all.map(async (connection) => (await connection.catch(() => null))?.client.endAsync()))
    },
  }
}
