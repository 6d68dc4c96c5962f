import type { TraccarPositionData } from './traccar-position-data.js'

/**
 * The request Traccar's URL forwarder (forward.type=url, the default) makes for a position: a GET of `forward.url`
 * with each {placeholder} replaced as PositionForwarderUrl.formatRequest does (traccar/traccar
 * src/main/java/org/traccar/forward/PositionForwarderUrl.java, test PositionForwarderUrlTest.java): numbers as Java's
 * Double.toString writes them (`20.0`, `1.0E-4`), times in epoch milliseconds, {name}, {address} and {attributes}
 * (the attributes' JSON) form-encoded with java.net.URLEncoder, {uniqueId} and {status} as they are.
 */
export function formatJavaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const magnitude = Math.abs(value)
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value)
    return text.includes('.') ? text : `${text}.0`
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e')
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}

/** java.net.URLEncoder.encode(s, UTF_8): letters, digits and `.-*_` kept, space as `+`, the rest %XX (upper case). */
export function formatJavaUrlEncoded(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

const STATUS_LOCATION = '0xF020'
const STATUS_MOTION_MOVING = '0xF11C'
const STATUS_PANIC_ON = '0xF841'

export function formatTraccarUrl(forwardUrl: string, { position, device }: TraccarPositionData): string {
  const statusCode = 'alarm' in position.attributes ? STATUS_PANIC_ON : position.speed < 1 ? STATUS_LOCATION : STATUS_MOTION_MOVING
  const replacements: Array<[string, string]> = [
    ['{name}', formatJavaUrlEncoded(device.name)],
    ['{uniqueId}', device.uniqueId],
    ['{status}', device.status],
    ['{deviceId}', String(position.deviceId)],
    ['{protocol}', position.protocol],
    ['{deviceTime}', String(Date.parse(position.deviceTime))],
    ['{fixTime}', String(Date.parse(position.fixTime))],
    ['{valid}', String(position.valid)],
    ['{latitude}', formatJavaDouble(position.latitude)],
    ['{longitude}', formatJavaDouble(position.longitude)],
    ['{altitude}', formatJavaDouble(position.altitude)],
    ['{speed}', formatJavaDouble(position.speed)],
    ['{course}', formatJavaDouble(position.course)],
    ['{accuracy}', formatJavaDouble(position.accuracy)],
    ['{statusCode}', statusCode],
  ]
  let url = forwardUrl
  for (const [placeholder, value] of replacements) url = url.replaceAll(placeholder, value)
  if (position.address !== null) url = url.replaceAll('{address}', formatJavaUrlEncoded(position.address))
  if (url.includes('{attributes}')) url = url.replaceAll('{attributes}', formatJavaUrlEncoded(JSON.stringify(position.attributes)))
  return url
}
