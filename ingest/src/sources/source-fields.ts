import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import type { DecodedFixes, SourceFix } from './source-fix.js'

/**
 * A field a decoder could not translate. Field readers return the value or one of these (never throw), and the
 * decoder turns the first one into a SourceRejection of the whole fix.
 */
export class FieldRefusal {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {}
}

/** A decimal as trackers and Java's Double.toString write it: `60`, `-0.883333`, `.5`, `5.0E-4`. No NaN or Infinity. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** A number sent as text (a query or form parameter). */
export function parseDecimalText(text: string, name: string): number | FieldRefusal {
  const trimmed = text.trim()
  if (!DECIMAL.test(trimmed)) return new FieldRefusal('wrong_type', `${name} "${text.slice(0, 40)}" is not a number`)
  const value = Number(trimmed)
  if (!Number.isFinite(value)) return new FieldRefusal('wrong_type', `${name} "${text.slice(0, 40)}" is not a finite number`)
  return value
}

/** An optional parameter sent as text: absent stays undefined. */
export function optionalDecimalText(text: string | undefined, name: string): number | undefined | FieldRefusal {
  return text === undefined ? undefined : parseDecimalText(text, name)
}

/** A required JSON number. */
export function requiredJsonNumber(value: unknown, name: string): number | FieldRefusal {
  if (value === undefined || value === null) return new FieldRefusal('missing_field', `${name} is required`)
  if (typeof value !== 'number' || !Number.isFinite(value)) return new FieldRefusal('wrong_type', `${name} must be a number`)
  return value
}

/** An optional JSON number: absent or null stays undefined. */
export function optionalJsonNumber(value: unknown, name: string): number | undefined | FieldRefusal {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) return new FieldRefusal('wrong_type', `${name} must be a number`)
  return value
}

/** A JSON object (not an array, not null), or undefined. */
export function asJsonObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** The body as JSON, or a refusal: not UTF-8 or not JSON is malformed_body. */
export function parseJsonBody(body: Uint8Array): unknown {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return new FieldRefusal('malformed_body', 'the body is not UTF-8 text')
  }
  if (text.trim() === '') return new FieldRefusal('malformed_body', 'the body is empty')
  try {
    return JSON.parse(text) as unknown
  } catch {
    return new FieldRefusal('malformed_body', `the body is not JSON (starts "${text.trim().slice(0, 20)}")`)
  }
}

/** One fix, nothing refused. */
export function decodedFix(fix: SourceFix): DecodedFixes {
  return { fixes: [fix], rejections: [] }
}

/** Nothing decoded: the whole request refused. */
export function refusedBody(refusal: FieldRefusal, payload: Uint8Array, device?: string): DecodedFixes {
  const rejection = device === undefined
    ? { reason: refusal.reason, detail: refusal.detail, payload }
    : { reason: refusal.reason, detail: refusal.detail, payload, device }
  return { fixes: [], rejections: [rejection] }
}
