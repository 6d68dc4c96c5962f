export type TraceErrorCode =
  | 'TRACE_NOT_FOUND'
  | 'TRACE_UNREADABLE'
  | 'TRACE_EMPTY'
  | 'TRACE_UNKNOWN_FORMAT'
  | 'TRACE_INVALID_TIME_ZONE'
  | 'TRACE_NO_RECORDS'
  | 'REPLAY_INVALID_OPTION'

/** A trace that cannot be replayed at all, or a replay option that makes no sense. Codes are a public contract. */
export class TraceError extends Error {
  constructor(
    readonly code: TraceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'TraceError'
  }
}
