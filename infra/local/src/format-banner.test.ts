import { describe, expect, it } from 'vitest'
import { formatBanner } from './format-banner.js'
import type { Stack } from './start-stack.js'

/** Issue #17: the banner printed the first admin's password, and would print any password in a server URL. */
function stackWith(options: { production: boolean; brokerUrl?: string; databaseUrl?: string; smsGatewaySecret?: string | null }): Stack {
  return {
    brokerUrl: options.brokerUrl ?? 'mqtt://127.0.0.1:1883', databaseUrl: options.databaseUrl ?? 'postgres://127.0.0.1:5432/masar',
    embeddedBroker: false, embeddedDatabase: false, timescale: true, dataDir: null, simulation: null, replay: null, production: options.production, smsGatewaySecret: options.smsGatewaySecret ?? null,
    ingest: { httpUrl: null }, api: { url: 'http://127.0.0.1:8080', metricsUrl: 'http://127.0.0.1:9102', firstAdmin: { username: 'admin', password: 'first-admin-password-42' } },
    clock: { mode: 'real' },
  } as unknown as Stack
}

describe('formatBanner', () => {
  it('prints no password under NODE_ENV=production', () => {
    const banner = formatBanner(stackWith({ production: true }))
    expect(banner).toMatch(/Admin login\s+admin \/ the API_ADMIN_PASSWORD given/)
    expect(banner).not.toContain('first-admin-password-42')
  })

  it('never prints the password of a server URL', () => {
    const banner = formatBanner(stackWith({ production: false, brokerUrl: 'mqtts://masar-ingest:broker-secret-1@broker:8883', databaseUrl: 'postgres://masar:db-secret-2@db:5432/masar' }))
    expect(banner).not.toMatch(/broker-secret-1|db-secret-2/)
    expect(banner).toContain('mqtts://masar-ingest:***@broker:8883')
    expect(banner).toContain('postgres://masar:***@db:5432/masar')
  })

  it('shows a development stack\'s made-up admin password once, as before', () => {
    expect(formatBanner(stackWith({ production: false }))).toMatch(/Admin login \(shown once\)\s+admin \/ first-admin-password-42/)
  })

  it('shows the SMS webhook\'s secret on a development stack only, and where /metrics is', () => {
    expect(formatBanner(stackWith({ production: false, smsGatewaySecret: 'made-up-sms-secret' }))).toMatch(/SMS webhook\s+POST http:\/\/127\.0\.0\.1:8080\/api\/v1\/sms\/inbound  header X-Sms-Gateway-Secret: made-up-sms-secret/)
    const production = formatBanner(stackWith({ production: true, smsGatewaySecret: 'configured-sms-secret' }))
    expect(production).not.toContain('configured-sms-secret')
    expect(production).toMatch(/SMS webhook\s+POST .* the SMS_GATEWAY_SECRET given/)
    expect(formatBanner(stackWith({ production: true }))).toMatch(/SMS webhook\s+off \(set SMS_GATEWAY_SECRET/)
    expect(production).toMatch(/API metrics\s+http:\/\/127\.0\.0\.1:9102\/metrics/)
  })
})
