/**
 * An HTTP request carrying fixes, as the decoders read it: the gateway has already routed and authenticated it and
 * decoded the query string (percent escapes and `+` undone); the body is the raw bytes with its content type.
 */
export interface HttpFixRequest {
  method: 'GET' | 'POST'
  query: Record<string, string | undefined>
  /** The Content-Type header as sent (parameters such as `; charset=utf-8` included), if any. */
  contentType: string | undefined
  body: Uint8Array
}
