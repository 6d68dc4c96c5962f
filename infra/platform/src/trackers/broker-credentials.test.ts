import { describe, expect, it } from 'vitest'
import { CredentialsError, checkIdentifier, formatAcl, formatPasswordFile, parsePasswordFile } from './broker-credentials.js'

describe('password file', () => {
  it('round-trips entries, sorted, comments and blank lines skipped', () => {
    const entries = parsePasswordFile('# comment\nbus-2:$7$101$b$c\n\nbus-1:$7$101$a$b\n')
    expect([...entries]).toEqual([['bus-2', '$7$101$b$c'], ['bus-1', '$7$101$a$b']])
    expect(formatPasswordFile(entries)).toBe('bus-1:$7$101$a$b\nbus-2:$7$101$b$c\n')
  })

  it('says which line is malformed', () => {
    expect(() => parsePasswordFile('bus-1:x\nnot a line\n')).toThrow(/line 2/)
  })
})

describe('formatAcl', () => {
  it('lets each tracker write only its own topics and the services read them all', () => {
    const acl = formatAcl([{ vehicleId: 'bus-2', agencyId: 'amman', issuedAt: '2026-11-23T00:00:00.000Z' }, { vehicleId: 'bus-1', agencyId: 'amman', issuedAt: '2026-11-23T00:00:00.000Z' }])
    // ingest reads the trackers and Traccar's MQTT forwarder, and its gateway publishes on the vehicles' topics
    expect(acl).toContain('user masar-ingest\ntopic read masar/v1/+/vehicles/+/+\ntopic read $share/ingest/masar/v1/+/vehicles/+/+\ntopic read traccar/+/positions\ntopic read $share/ingest/traccar/+/positions\ntopic write masar/v1/+/vehicles/+/+\n')
    expect(acl).toContain('user masar-realtime\ntopic read masar/v1/+/vehicles/+/+\ntopic read masar/internal/realtime/+/commands\ntopic write masar/internal/realtime/#\n')
    // the api readers follow the engine and send it commands: they no longer read the trackers' stream
    expect(acl).toContain('user masar-api\ntopic read masar/internal/realtime/#\ntopic write masar/internal/realtime/+/commands\n')
    expect(acl).toContain('user bus-1\ntopic write masar/v1/amman/vehicles/bus-1/position\ntopic write masar/v1/amman/vehicles/bus-1/positions\n')
    expect(acl.indexOf('user bus-1')).toBeLessThan(acl.indexOf('user bus-2'))
    expect(acl).not.toMatch(/user bus-\d\n(?:.*\n)*?topic read/) // no tracker reads anything
    expect(acl).not.toContain('pattern') // no client-id patterns: a login cannot borrow another vehicle's client id
  })

  it('lets a Traccar source write only the forwarder topic', () => {
    const acl = formatAcl([], undefined, [{ sourceId: 'traccar-depot', kind: 'traccar', agencyId: 'amman', autoRegister: false, issuedAt: '2026-12-07T00:00:00.000Z' }])
    expect(acl).toContain('user traccar-depot\ntopic write traccar/traccar-depot/positions\n')
    expect(acl).not.toMatch(/user traccar-depot\n(?:.*\n)*?topic read/)
  })
})

describe('checkIdentifier', () => {
  it('refuses ids that would break out of a topic level or the files', () => {
    for (const bad of ['bus/1', 'bus+', '#', 'a b', '', 'x\nuser admin', 'bus:1']) {
      expect(() => checkIdentifier('vehicle id', bad)).toThrow(CredentialsError)
    }
    expect(checkIdentifier('vehicle id', 'bus-0001')).toBe('bus-0001')
  })
})
