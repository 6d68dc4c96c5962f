import { describe, expect, it } from 'vitest'
import { phoneServerUrl, traccarClientLink } from './traccar-client-link.js'

describe('the Traccar Client set-up link', () => {
  it('carries the device id and the whole server URL (its token too) as the app reads them', () => {
    const link = traccarClientLink({ serverUrl: 'https://trackers.example.org:5055/?token=a+b/c=', deviceId: 'bus-0001' })
    expect(link).toBe('org.traccar.client://?id=bus-0001&url=https%3A%2F%2Ftrackers.example.org%3A5055%2F%3Ftoken%3Da%2Bb%2Fc%3D&interval=10')
    // what the app does (lib/configuration_service.dart): a non-http scheme, so url = queryParameters['url']
    const parsed = new URL(link)
    expect(parsed.protocol).toBe('org.traccar.client:')
    expect(parsed.searchParams.get('url')).toBe('https://trackers.example.org:5055/?token=a+b/c=')
    expect(parsed.searchParams.get('id')).toBe('bus-0001')
    expect(parsed.searchParams.get('interval')).toBe('10')
  })

  it('adds the phone\'s token to the listener\'s URL as npm run provision gives it, and nothing without one', () => {
    expect(phoneServerUrl('http://192.168.1.20:5055', '')).toBe('http://192.168.1.20:5055')
    expect(phoneServerUrl('http://192.168.1.20:5055/', '  ')).toBe('http://192.168.1.20:5055')
    expect(phoneServerUrl('https://trackers.example.org', ' s3cr/t+ ')).toBe('https://trackers.example.org/?token=s3cr%2Ft%2B')
  })
})

describe('driverPageUrl', () => {
  it('opens the sources listener\'s driver page for the bus, with the phone\'s token when there is one', async () => {
    const { driverPageUrl } = await import('./traccar-client-link.js')
    expect(driverPageUrl('https://trackers.example.org:5055/', 'bus-0001', ' a+b/c= ')).toBe('https://trackers.example.org:5055/driver?id=bus-0001&token=a%2Bb%2Fc%3D')
    expect(driverPageUrl('http://127.0.0.1:5055', 'bus-0001', '')).toBe('http://127.0.0.1:5055/driver?id=bus-0001')
  })
})
