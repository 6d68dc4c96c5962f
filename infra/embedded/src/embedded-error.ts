/** A failure to start an embedded server (the port is taken, the data directory cannot be opened): a stable code, a sentence. */
export class EmbeddedError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EmbeddedError'
    this.code = code
  }
}
