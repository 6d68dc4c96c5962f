import { describe, expect, it } from 'vitest'
import { formatPositionTopic, formatPositionTopicFilter, formatSharedFilter, parsePositionTopic, POSITION_TOPIC_FILTER } from './topics.js'

describe('tracker topics', () => {
  it('round-trips a single-ping and a batch topic', () => {
    for (const kind of ['position', 'positions'] as const) {
      const topic = formatPositionTopic('gam', 'bus-0042', kind)
      expect(topic).toBe(`masar/v1/gam/vehicles/bus-0042/${kind}`)
      expect(parsePositionTopic(topic)).toEqual({ ok: true, value: { agencyId: 'gam', vehicleId: 'bus-0042', kind } })
    }
  })

  it.each([
    ['masar/v2/gam/vehicles/bus-1/position', 'invalid_topic'],
    ['masar/v1/gam/buses/bus-1/position', 'invalid_topic'],
    ['masar/v1/gam/vehicles/bus-1/location', 'invalid_topic'],
    ['masar/v1/gam/vehicles/bus-1/position/extra', 'invalid_topic'],
    ['masar/v1//vehicles/bus-1/position', 'invalid_topic'],
    ['masar/v1/gam/vehicles//position', 'invalid_vehicle_id'],
    ['masar/v1/gam/vehicles/bus 1/position', 'invalid_vehicle_id'],
    ['masar/v1/gam/vehicles/-bus/position', 'invalid_vehicle_id'],
    [`masar/v1/gam/vehicles/${'x'.repeat(65)}/position`, 'invalid_vehicle_id'],
    ['masar/v1/gam/vehicles/حافلة/position', 'invalid_vehicle_id'],
  ])('refuses %s as %s', (topic, reason) => {
    const result = parsePositionTopic(topic)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.reason).toBe(reason)
      expect(result.detail.length).toBeGreaterThan(10)
    }
  })

  it('builds filters that match the topics, shared or not', () => {
    expect(formatPositionTopicFilter()).toBe('masar/v1/+/vehicles/+/+')
    expect(POSITION_TOPIC_FILTER).toBe('masar/v1/+/vehicles/+/+') // the services' default subscription
    expect(formatSharedFilter('ingest', formatPositionTopicFilter('gam'))).toBe('$share/ingest/masar/v1/gam/vehicles/+/+')
  })
})
