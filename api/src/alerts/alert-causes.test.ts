import { ALERT_CAUSES, ALERT_EFFECTS } from '@masar/model/api/alerts'
import GtfsRealtimeBindings from 'gtfs-realtime-bindings'
import { describe, expect, it } from 'vitest'

const { Alert } = GtfsRealtimeBindings.transit_realtime
const namesOf = (values: Record<string, unknown>) => Object.keys(values).filter((k) => Number.isNaN(Number(k)))

describe('the alert causes and effects of @masar/model (what the api accepts and the dashboard offers)', () => {
  it('are exactly GTFS-Realtime\'s Alert.Cause and Alert.Effect names, so every one encodes into alerts.pb', () => {
    expect([...ALERT_CAUSES].sort()).toEqual(namesOf(Alert.Cause).sort())
    expect([...ALERT_EFFECTS].sort()).toEqual(namesOf(Alert.Effect).sort())
  })
})
