import { FieldRefusal } from './source-fields.js'
import type { HttpFixRequest } from './http-fix-request.js'

/** Parameters the gateway authenticates with: never a field of the fix, and never kept in a dead letter. */
const CREDENTIAL_PARAMS = new Set(['token', 'key'])

/**
 * Characters a URL-encoded form body never holds raw: whitespace and controls, non-ASCII, and the delimiters JSON,
 * HTML and XML are made of. A body with one of them is some other format, not a form.
 */
const NOT_FORM = /[\s<>"{}\\^`|\u0000-\u001f\u007f-\uffff]/
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/

export interface FixParams {
  params: Map<string, string>
  /** What the parameters were read from, for a dead letter: the body, or the query without its credentials. */
  raw: Uint8Array
}

/**
 * The request's parameters as Traccar's OsmAnd decoder reads them: the query string, or, when the query has none
 * (credentials aside), the body as an application/x-www-form-urlencoded form. A repeated parameter keeps its last
 * value, as Traccar's loop leaves it.
 */
export function readFixParams(request: HttpFixRequest): FixParams | FieldRefusal {
  const fromQuery = new Map<string, string>()
  for (const [name, value] of Object.entries(request.query)) {
    if (value !== undefined && !CREDENTIAL_PARAMS.has(name)) fromQuery.set(name, value)
  }
  if (fromQuery.size > 0) return { params: fromQuery, raw: new TextEncoder().encode(new URLSearchParams([...fromQuery]).toString()) }
  return readFormBody(request.body)
}

function readFormBody(body: Uint8Array): FixParams | FieldRefusal {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return new FieldRefusal('malformed_body', 'the body is not a URL-encoded form (not even UTF-8 text)')
  }
  text = text.replace(/\r?\n$/, '')
  if (text === '') return new FieldRefusal('malformed_body', 'no parameters: the query has none and the body is empty')
  if (NOT_FORM.test(text)) return new FieldRefusal('malformed_body', `the body is not a URL-encoded form (starts "${text.slice(0, 20)}")`)
  if (BROKEN_ESCAPE.test(text)) return new FieldRefusal('malformed_body', 'the form body has a broken percent escape')
  const params = new Map<string, string>()
  for (const [name, value] of new URLSearchParams(text)) {
    if (!CREDENTIAL_PARAMS.has(name)) params.set(name, value)
  }
  if (params.size === 0) return new FieldRefusal('malformed_body', 'the form body holds no parameters')
  return { params, raw: body }
}
