import { readFixParams } from '../form-params.js'
import type { HttpFixRequest } from '../http-fix-request.js'
import { FieldRefusal, decodedFix, parseJsonBody, refusedBody } from '../source-fields.js'
import type { DecodedFixes } from '../source-fix.js'
import { decodeOsmAndParams } from './osmand-params.js'
import { decodeTraccarClientJson } from './osmand-json.js'

/**
 * A request to the OsmAnd endpoint, as Traccar's OsmAndProtocolDecoder dispatches it: a JSON Content-Type is the
 * Traccar Client apps' JSON; anything else is parameters, in the query or (when the query has none besides the
 * gateway's `token`/`key`) in a URL-encoded form body. One request, one fix. Never throws.
 */
export function decodeOsmAnd(request: HttpFixRequest): DecodedFixes {
  if (isJson(request.contentType)) {
    const root = parseJsonBody(request.body)
    if (root instanceof FieldRefusal) return refusedBody(root, request.body)
    const fix = decodeTraccarClientJson(root)
    if (fix instanceof FieldRefusal) return refusedBody(fix, request.body, deviceOf(root))
    return decodedFix(fix)
  }
  const read = readFixParams(request)
  if (read instanceof FieldRefusal) return refusedBody(read, request.body)
  const fix = decodeOsmAndParams(read.params)
  if (fix instanceof FieldRefusal) {
    const device = read.params.get('id') ?? read.params.get('deviceid')
    return refusedBody(fix, read.raw, device === '' ? undefined : device)
  }
  return decodedFix(fix)
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.trim().toLowerCase().startsWith('application/json')
}

function deviceOf(root: unknown): string | undefined {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined
  const device = (root as Record<string, unknown>).device_id
  return typeof device === 'string' && device !== '' ? device : undefined
}
