import { hashMosquittoPassword } from '@masar/platform/trackers/mosquitto-password'
import { describe, expect, it } from 'vitest'
import { openDeviceDirectory, ProvisionedDeviceDirectory } from './device-directory.js'

const hash = (password: string) => hashMosquittoPassword(password, { iterations: 101 })
const issuedAt = '2026-12-07T00:00:00.000Z'

function provisioned(passwords: Record<string, string>) {
  return new ProvisionedDeviceDirectory({
    trackers: [{ vehicleId: 'bus-0001', agencyId: 'amman', issuedAt, deviceIds: ['356307042441013'] }, { vehicleId: 'bus-0002', agencyId: 'amman', issuedAt }],
    sources: [{ sourceId: 'traccar-depot', kind: 'traccar', agencyId: 'amman', autoRegister: false, issuedAt }, { sourceId: 'traccar-open', kind: 'traccar', agencyId: 'zarqa', autoRegister: true, issuedAt }],
    passwords: new Map(Object.entries(passwords).map(([login, password]) => [login, hash(password)])),
  })
}

describe('ProvisionedDeviceDirectory', () => {
  it('takes a phone by its own tracker password, under its vehicle id or a device id of it', () => {
    const directory = provisioned({ 'bus-0001': 'token-1', 'bus-0002': 'token-2' })
    expect(directory.checkDevice('bus-0001', 'token-1')).toEqual({ ok: true, vehicle: { agencyId: 'amman', vehicleId: 'bus-0001', autoRegistered: false } })
    expect(directory.checkDevice('356307042441013', 'token-1')).toMatchObject({ ok: true, vehicle: { vehicleId: 'bus-0001' } })
    expect(directory.checkDevice('bus-0001', 'token-2')).toMatchObject({ ok: false, reason: 'unauthenticated' }) // another bus's token
    expect(directory.checkDevice('bus-0001', undefined)).toMatchObject({ ok: false, reason: 'unauthenticated' })
    expect(directory.checkDevice('bus-0009', 'token-1')).toMatchObject({ ok: false, reason: 'unknown_device' })
  })

  it('forgets a token once its password is rotated or removed', () => {
    const directory = provisioned({ 'bus-0001': 'token-1' })
    expect(directory.checkDevice('bus-0001', 'token-1').ok).toBe(true)
    directory.load({ trackers: [{ vehicleId: 'bus-0001', agencyId: 'amman', issuedAt }], sources: [], passwords: new Map([['bus-0001', hash('token-new')]]) })
    expect(directory.checkDevice('bus-0001', 'token-1')).toMatchObject({ ok: false, reason: 'unauthenticated' })
    expect(directory.checkDevice('bus-0001', 'token-new').ok).toBe(true)
    directory.load({ trackers: [], sources: [], passwords: new Map() })
    expect(directory.checkDevice('bus-0001', 'token-new')).toMatchObject({ ok: false, reason: 'unknown_device' })
  })

  it('knows a source by its key alone, and maps its devices: provisioned ones, or new ones only where the source registers them', () => {
    const directory = provisioned({ 'traccar-depot': 'key-depot', 'traccar-open': 'key-open', 'bus-0001': 'token-1' })
    const depot = directory.sourceOfKey('key-depot')
    expect(depot).toEqual({ ok: true, source: { sourceId: 'traccar-depot', agencyId: 'amman', autoRegister: false } })
    expect(directory.sourceOfKey('token-1')).toMatchObject({ ok: false, reason: 'unauthenticated' }) // a tracker's password is no source key
    expect(directory.sourceOfKey(undefined)).toMatchObject({ ok: false, reason: 'unauthenticated' })
    if (!depot.ok) throw new Error('unreachable')
    expect(directory.vehicleOf('356307042441013', depot.source)).toMatchObject({ ok: true, vehicle: { vehicleId: 'bus-0001', autoRegistered: false } })
    expect(directory.vehicleOf('860000000000001', depot.source)).toMatchObject({ ok: false, reason: 'unknown_device' })
    const open = directory.sourceNamed('traccar-open')
    if (!open.ok) throw new Error('traccar-open is provisioned')
    expect(directory.vehicleOf('860000000000001', open.source)).toEqual({ ok: true, vehicle: { agencyId: 'zarqa', vehicleId: '860000000000001', autoRegistered: true } })
    expect(directory.vehicleOf('imei:8600', open.source)).toMatchObject({ ok: false, reason: 'invalid_vehicle_id' })
    expect(directory.sourceNamed('nobody')).toMatchObject({ ok: false, reason: 'unauthenticated' })
  })
})

describe('openDeviceDirectory (npm start\'s demo)', () => {
  it('takes the demo\'s vehicles without a token and nothing else unless it registers devices', () => {
    const closed = openDeviceDirectory({ agencyId: 'gam', vehicleIds: ['bus-0001'], autoRegister: false })
    expect(closed.checkDevice('bus-0001', undefined)).toMatchObject({ ok: true, vehicle: { agencyId: 'gam', vehicleId: 'bus-0001' } })
    expect(closed.checkDevice('phone-7', undefined)).toMatchObject({ ok: false, reason: 'unknown_device' })
    const registering = openDeviceDirectory({ agencyId: 'gam', vehicleIds: [], autoRegister: true })
    expect(registering.checkDevice('phone-7', undefined)).toMatchObject({ ok: true, vehicle: { vehicleId: 'phone-7', autoRegistered: true } })
  })
})
