import { startEmbeddedBroker, type EmbeddedBroker } from '@masar/embedded/embedded-broker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialsFrom } from './tracker-credentials.js'
import { createVehicleClients } from './vehicle-clients.js'

let broker: EmbeddedBroker
const seen: Array<{ clientId: string; topic: string }> = []

beforeAll(async () => {
  broker = await startEmbeddedBroker()
  // Each tracker must log in as itself, with its own password (as the ACL `npm run provision` writes expects).
  broker.broker.authenticate = (client, username, password, done) => {
    const ok = username === client.id && password?.toString() === `tracker-${client.id}`
    done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok)
  }
  broker.broker.on('publish', (packet, client) => {
    if (client) seen.push({ clientId: client.id, topic: packet.topic })
  })
})
afterAll(async () => {
  await broker?.close()
})

describe('one MQTT client per vehicle', () => {
  it('connects each vehicle as itself, with its own credentials, and publishes at QoS 1', async () => {
    const clients = createVehicleClients({ url: broker.url, credentialsOf: credentialsFrom({ '*': { username: '{vehicleId}', password: 'tracker-{vehicleId}' } }) })
    try {
      await clients.publish('bus-0001', 'masar/v1/gam/vehicles/bus-0001/position', '{}')
      await clients.publish('bus-0002', 'masar/v1/gam/vehicles/bus-0002/position', '{}')
      expect(clients.connectedCount()).toBe(2)
    } finally {
      await clients.close()
    }
    expect(seen).toEqual(expect.arrayContaining([
      { clientId: 'bus-0001', topic: 'masar/v1/gam/vehicles/bus-0001/position' },
      { clientId: 'bus-0002', topic: 'masar/v1/gam/vehicles/bus-0002/position' },
    ]))
  })

  it('names its clients as told (a test fleet apart from others on a shared broker)', async () => {
    const clients = createVehicleClients({
      url: broker.url, clientIdOf: (vehicleId) => `dash42-${vehicleId}`,
      credentialsOf: (vehicleId) => ({ username: `dash42-${vehicleId}`, password: `tracker-dash42-${vehicleId}` }),
    })
    try {
      await clients.publish('bus-0009', 'masar/v1/dash42/vehicles/bus-0009/position', '{}')
    } finally {
      await clients.close()
    }
    expect(seen).toContainEqual({ clientId: 'dash42-bus-0009', topic: 'masar/v1/dash42/vehicles/bus-0009/position' })
  })

  it('says which vehicle the broker refused, with a code', async () => {
    const clients = createVehicleClients({ url: broker.url, credentialsOf: () => ({ username: 'bus-0003', password: 'wrong' }) })
    try {
      await expect(clients.publish('bus-0003', 'masar/v1/gam/vehicles/bus-0003/position', '{}')).rejects.toMatchObject({ code: 'MQTT_CONNECT_FAILED', message: expect.stringContaining('vehicle bus-0003 could not connect') })
    } finally {
      await clients.close()
    }
  })

  it('reads a credentials table: a vehicle of its own, or the template', () => {
    const of = credentialsFrom({ 'bus-0001': { username: 'special', password: 'p1' }, '*': { username: '{vehicleId}', password: 'x-{vehicleId}' } })
    expect(of('bus-0001')).toEqual({ username: 'special', password: 'p1' })
    expect(of('bus-0042')).toEqual({ username: 'bus-0042', password: 'x-bus-0042' })
    expect(credentialsFrom({})('bus-1')).toBeNull()
    expect(() => credentialsFrom({ 'bus-1': { username: 'u' } })).toThrow(/need a string username and password/)
  })
})
