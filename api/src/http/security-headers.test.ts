import { describe, expect, it } from 'vitest'
import { helmetOptionsFor, securityHeadersOf } from './security-headers.js'

const directive = (csp: string, name: string) => csp.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name} `))

describe('the Content-Security-Policy and the map style\'s host', () => {
  it('lets the page connect to this origin only by default', () => {
    const csp = securityHeadersOf(helmetOptionsFor(null))['content-security-policy']!
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' data: blob:")
    expect(directive(csp, 'worker-src')).toBe("worker-src 'self' blob:")
    expect(directive(csp, 'manifest-src')).toBe("manifest-src 'self'")
  })

  it('adds MAP_STYLE_URL\'s origin to connect-src, and nowhere else', () => {
    const csp = securityHeadersOf(helmetOptionsFor('https://tiles.example.org'))['content-security-policy']!
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' data: blob: https://tiles.example.org")
    expect(csp.match(/tiles\.example\.org/g)).toHaveLength(1)
  })
})
