/** A GTFS feed that cannot be read at all (not a zip or folder, no GTFS files in it). Codes are a public contract. */
export class GtfsError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'GtfsError'
    this.code = code
  }
}
