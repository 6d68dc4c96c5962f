export type AvlFeedErrorCode = 'AVLFEED_INVALID_OPTION' | 'AVLFEED_NO_ROUTES' | 'AVLFEED_INVALID_FEED'

/** A feed that cannot be built from the trace, or an option that makes no sense. Codes are a public contract. */
export class AvlFeedError extends Error {
  constructor(
    readonly code: AvlFeedErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'AvlFeedError'
  }
}
