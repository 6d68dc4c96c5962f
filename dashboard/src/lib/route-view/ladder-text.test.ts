import { describe, expect, it } from 'vitest'
import { translate, type MessageKey } from '../i18n/catalog.js'
import type { Params } from '../i18n/translate.js'
import type { LadderBus } from './ladder-lines.js'
import { bunchedFlags, describeBehind, describePosition } from './ladder-text.js'

const en = (key: MessageKey, params?: Params) => translate('en', key, params)
const ar = (key: MessageKey, params?: Params) => translate('ar', key, params)
const bus = (more: Partial<LadderBus>): LadderBus => ({
  vehicleId: 'bus-2', tripId: 'T2', atMs: 0, distanceM: 4520, afterStopName: 'Jabal Amman', aheadVehicleId: 'bus-1', behindAheadS: 65, bunched: false, ...more,
})

describe('ladder text', () => {
  it('says where a bus is, in kilometres after the last stop it passed', () => {
    expect(describePosition(bus({}), en)).toBe('4.5 km, after Jabal Amman')
    expect(describePosition(bus({ distanceM: 40, afterStopName: null }), en)).toBe('0.0 km, before the first stop')
    expect(describePosition(bus({ afterStopName: 'العبدلي' }), ar)).toBe('4.5 كم، بعد العبدلي')
  })

  it('says how long ago the bus ahead passed, or that the bus leads', () => {
    expect(describeBehind(bus({}), en)).toBe('1 min behind bus-1')
    expect(describeBehind(bus({ aheadVehicleId: null, behindAheadS: null }), en)).toBe('leading')
    expect(describeBehind(bus({ behindAheadS: null }), en)).toBe('bus ahead not seen here in this span')
  })

  it('flags only the bunched buses', () => {
    expect(bunchedFlags([bus({}), bus({ vehicleId: 'bus-3', aheadVehicleId: 'bus-2', behindAheadS: 40, bunched: true })], en)).toEqual(['bus-3 is bunched: 1 min behind bus-2'])
  })
})
