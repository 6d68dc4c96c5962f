import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePasswordFile } from './broker-credentials.js'
import { verifyMosquittoPassword } from './mosquitto-password.js'
import { readProvisionedCredentials, sourceConfiguration, trackerConfiguration, TrackerProvisioning } from './tracker-provisioning.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function provisioning(at = '2026-11-23T08:00:00.000Z') {
  const dir = await mkdtemp(join(tmpdir(), 'masar-provision-'))
  dirs.push(dir)
  return new TrackerProvisioning(dir, () => new Date(at))
}

describe('TrackerProvisioning', () => {
  it('registers trackers: a password each (only its hash on disk), their ACL, a configuration to load', async () => {
    const p = await provisioning()
    const issued = await p.add(['bus-0002', 'bus-0001'], 'amman')
    const passwd = parsePasswordFile(await readFile(join(p.dir, 'passwd'), 'utf8'))
    for (const credentials of issued) {
      expect(verifyMosquittoPassword(credentials.password, passwd.get(credentials.username)!)).toBe(true)
    }
    expect(await readFile(join(p.dir, 'passwd'), 'utf8')).not.toContain(issued[0]!.password)
    expect((await stat(join(p.dir, 'passwd'))).mode & 0o777).toBe(0o640)
    expect(await readFile(join(p.dir, 'acl'), 'utf8')).toContain('user bus-0001\ntopic write masar/v1/amman/vehicles/bus-0001/position\n')
    expect((await p.list()).map((r) => r.vehicleId)).toEqual(['bus-0001', 'bus-0002'])
    const config = trackerConfiguration(issued[1]!, 'mqtts://mqtt.amman.example:8883')
    expect(config).toMatchObject({ vehicleId: 'bus-0001', broker: { url: 'mqtts://mqtt.amman.example:8883', clientId: 'bus-0001', username: 'bus-0001', password: issued[1]!.password }, topics: { position: 'masar/v1/amman/vehicles/bus-0001/position' }, qos: 1 })
    // the same vehicle as a phone: Traccar Client's server URL carries the same password as its token
    const phone = trackerConfiguration(issued[1]!, 'mqtts://mqtt.amman.example:8883', { gatewayUrl: 'https://trackers.amman.example:5055/' })
    expect(phone.osmand).toEqual({ serverUrl: `https://trackers.amman.example:5055/?token=${encodeURIComponent(issued[1]!.password)}`, deviceId: 'bus-0001' })
  })

  it('keeps a vehicle\'s device ids (its IMEI) across a rotation, and refuses one already another vehicle\'s', async () => {
    const p = await provisioning()
    await p.add(['bus-0001'], 'amman', { deviceIds: ['356307042441013'] })
    await p.rotate('bus-0001')
    expect((await p.list())[0]).toMatchObject({ vehicleId: 'bus-0001', deviceIds: ['356307042441013'] })
    await expect(p.add(['bus-0002'], 'amman', { deviceIds: ['356307042441013'] })).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.add(['bus-0002', 'bus-0003'], 'amman', { deviceIds: ['x1'] })).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.add(['bus-0002'], 'amman', { deviceIds: ['has space'] })).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
  })

  it('registers a Traccar source: a key (hash on disk), its forwarder topic in the ACL, the traccar.xml to paste; removes it', async () => {
    const p = await provisioning()
    await p.add(['bus-0001'], 'amman')
    const issued = await p.addSource('traccar-depot', 'amman', { autoRegister: true })
    const credentials = await readProvisionedCredentials(p.dir)
    expect(credentials.sources).toEqual([{ sourceId: 'traccar-depot', kind: 'traccar', agencyId: 'amman', autoRegister: true, issuedAt: '2026-11-23T08:00:00.000Z' }])
    expect(verifyMosquittoPassword(issued.key, credentials.passwords.get('traccar-depot')!)).toBe(true)
    expect(credentials.trackers.map((t) => t.vehicleId)).toEqual(['bus-0001'])
    expect(await readFile(join(p.dir, 'acl'), 'utf8')).toContain('user traccar-depot\ntopic write traccar/traccar-depot/positions\n')
    expect(sourceConfiguration(issued, 'http://masar.example:5055').traccarXml).toEqual({
      'forward.type': 'json', 'forward.url': 'http://masar.example:5055/traccar/json',
      'forward.header': `Authorization: Bearer ${issued.key}`, 'forward.retry.enable': 'true',
    })
    await expect(p.add(['traccar-depot'], 'amman')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.addSource('bus-0001', 'amman')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await p.removeSource('traccar-depot')
    expect((await readProvisionedCredentials(p.dir)).passwords.has('traccar-depot')).toBe(false)
    await expect(p.removeSource('traccar-depot')).rejects.toMatchObject({ code: 'UNKNOWN_TRACKER' })
  })

  it('rotates a password: the old hash is replaced, the registration keeps its agency', async () => {
    const p = await provisioning()
    const [first] = await p.add(['bus-0001'], 'zarqa')
    const rotated = await p.rotate('bus-0001')
    const hash = parsePasswordFile(await readFile(join(p.dir, 'passwd'), 'utf8')).get('bus-0001')!
    expect(verifyMosquittoPassword(first!.password, hash)).toBe(false)
    expect(verifyMosquittoPassword(rotated.password, hash)).toBe(true)
    expect(rotated.registration.agencyId).toBe('zarqa')
  })

  it('removes a tracker from all three files, and says so when it is not registered', async () => {
    const p = await provisioning()
    await p.add(['bus-0001', 'bus-0002'], 'amman')
    await p.setServicePassword('masar-ingest', 'a-long-service-password')
    await p.remove('bus-0001')
    expect([...parsePasswordFile(await readFile(join(p.dir, 'passwd'), 'utf8')).keys()].sort()).toEqual(['bus-0002', 'masar-ingest'])
    expect(await readFile(join(p.dir, 'acl'), 'utf8')).not.toContain('bus-0001')
    await expect(p.remove('bus-0001')).rejects.toMatchObject({ code: 'UNKNOWN_TRACKER' })
    await expect(p.rotate('bus-9999')).rejects.toMatchObject({ code: 'UNKNOWN_TRACKER' })
  })

  it('refuses bad ids, service names as vehicles, and short service passwords', async () => {
    const p = await provisioning()
    await expect(p.add(['bus/1'], 'amman')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.add(['masar-ingest'], 'amman')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.add(['masar-realtime-gam'], 'amman')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' }) // a service's session name
    await expect(p.setServicePassword('masar-ingest', 'short')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    await expect(p.setServicePassword('root', 'a-long-service-password')).rejects.toMatchObject({ code: 'INVALID_IDENTIFIER' })
    expect(await p.list()).toEqual([])
  })
})
