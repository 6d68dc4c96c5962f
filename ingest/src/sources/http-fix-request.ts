/** An HTTP request carrying fixes, as the decoders read it: the query, and the body as bytes with its content type. */
export interface HttpFixRequest {
  method: 'GET' | 'POST'
  query: Record<string, string | undefined>
  contentType: string | undefined
  body: Uint8Array
}
