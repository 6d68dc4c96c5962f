import { describe, expect, it } from 'vitest'
import { createReadiness } from './readiness.js'

describe('createReadiness', () => {
  it('lists every failing check, and shutting down first once draining', () => {
    const broker = { connected: true }
    const readiness = createReadiness([() => (broker.connected ? [] : ['not connected to the MQTT broker']), () => []])
    expect(readiness.notReadyReasons()).toEqual([])
    broker.connected = false
    expect(readiness.notReadyReasons()).toEqual(['not connected to the MQTT broker'])
    readiness.startDraining()
    expect(readiness.draining).toBe(true)
    expect(readiness.notReadyReasons()).toEqual(['shutting down: draining the requests in flight', 'not connected to the MQTT broker'])
  })
})
