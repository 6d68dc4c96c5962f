/** An operational failure of the platform (database, migrations, embedded servers): a stable code, a sentence, a cause. */
export class PlatformError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PlatformError'
    this.code = code
  }
}
