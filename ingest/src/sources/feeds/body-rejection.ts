import type { RejectReason } from '@masar/model/telemetry/reject-reasons'
import type { SourceRejection } from '../source-fix.js'

/** How much of a refused body the dead letters keep: enough to see what the vendor sent, not a whole feed. */
export const REJECTED_BODY_HEAD_BYTES = 4096

/** A whole body refused: its first bytes are kept as the payload, its length is said in the detail. */
export function rejectBody(reason: RejectReason, detail: string, body: Uint8Array): SourceRejection {
  const head = body.subarray(0, REJECTED_BODY_HEAD_BYTES)
  const cut = body.length > head.length ? ` (first ${head.length} of ${body.length} bytes kept)` : ''
  return { reason, detail: `${detail}${cut}`, payload: head.slice() }
}

/** A whole-body refusal (the feed answered nothing usable), as opposed to one entity or activity refused. */
export function isBodyRejection(rejection: SourceRejection): boolean {
  return rejection.reason === 'malformed_body' || rejection.reason === 'unexpected_content'
}

/** The first character of a text body that is not white space (a UTF-8 byte-order mark skipped), or '' when blank. */
export function firstCharOf(body: Uint8Array): string {
  return new TextDecoder().decode(body.subarray(0, 1024)).trimStart().charAt(0)
}

/** An HTML page (a login page, a proxy's error, a portal), recognised by its start. */
export function looksLikeHtml(body: Uint8Array): boolean {
  const start = new TextDecoder().decode(body.subarray(0, 512)).trimStart().toLowerCase()
  return start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head') || start.startsWith('<body')
}
