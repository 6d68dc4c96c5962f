import { describe, expect, it } from 'vitest'
import { clientAddressKey } from './client-address.js'

describe('clientAddressKey', () => {
  it('keeps an IPv4 address as it is, and takes an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientAddressKey('192.0.2.1')).toBe('192.0.2.1')
    expect(clientAddressKey('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(clientAddressKey('::FFFF:c000:0201')).toBe('192.0.2.1')
  })

  it('takes an IPv6 address as its /64, however it is written', () => {
    expect(clientAddressKey('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64')
    expect(clientAddressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(clientAddressKey('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64')
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64')
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(clientAddressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64') // NAT64: the prefix, as any IPv6
  })

  it('leaves what is not an address alone', () => {
    expect(clientAddressKey('unknown')).toBe('unknown')
  })
})
