/**
 * Turns a broker URL (`mqtt://host:port`, `mqtts://host:port`) into the address the MQTT subscriber dials.
 * Credentials in the URL (`mqtt://user:pass@host`) are returned separately and never appear in `displayUrl`,
 * which is the form that goes into logs and error messages.
 */

export interface BrokerAddress {
  tls: boolean
  host: string
  port: number
  /** `mqtt://host:port` without credentials: safe to log. */
  displayUrl: string
  username?: string
  password?: string
}

const DEFAULT_PORT_BY_PROTOCOL: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883 }

/** Returns undefined when the string is not an mqtt:// or mqtts:// URL with a host. */
export function parseBrokerUrl(url: string): BrokerAddress | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const defaultPort = DEFAULT_PORT_BY_PROTOCOL[parsed.protocol]
  if (defaultPort === undefined || parsed.hostname === '') return undefined
  // IPv6 literals come back bracketed ("[::1]"); net.connect wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = parsed.port === '' ? defaultPort : Number(parsed.port)
  const address: BrokerAddress = {
    tls: parsed.protocol === 'mqtts:',
    host,
    port,
    displayUrl: `${parsed.protocol}//${parsed.hostname}:${port}`,
  }
  if (parsed.username !== '') address.username = decodeURIComponent(parsed.username)
  if (parsed.password !== '') address.password = decodeURIComponent(parsed.password)
  return address
}
