import { ISSUE_CODES, type IssueCode } from './issue-codes.js'
import type { FeedIssue } from './validation-report.js'

export interface IssueLogOptions {
  /** Errors kept in the report; all are counted. */
  maxStoredErrors: number
  /** Warnings kept as samples for each code; all are counted. */
  warningSamplesPerCode: number
}

export interface IssueLog {
  /** Records an issue; its severity comes from the code. `message` follows the "file line N: " prefix. */
  report(code: IssueCode, file: string, line: number | null, message: string): void
  readonly errors: FeedIssue[]
  readonly errorCount: number
  readonly warningCountsByCode: Record<string, number>
  readonly warningSamples: FeedIssue[]
}

/** Collects issues: every one is counted, a bounded number kept, so a broken city feed cannot exhaust memory. */
export function createIssueLog(options: IssueLogOptions): IssueLog {
  const errors: FeedIssue[] = []
  const warningSamples: FeedIssue[] = []
  const warningCountsByCode: Record<string, number> = {}
  let errorCount = 0
  return {
    report(code, file, line, message) {
      const severity = ISSUE_CODES[code].severity
      const issue = (): FeedIssue => ({ code, severity, file, line, message: `${file}${line === null ? '' : ` line ${line}`}: ${message}` })
      if (severity === 'error') {
        errorCount += 1
        if (errors.length < options.maxStoredErrors) errors.push(issue())
        return
      }
      const count = (warningCountsByCode[code] ?? 0) + 1
      warningCountsByCode[code] = count
      if (count <= options.warningSamplesPerCode) warningSamples.push(issue())
    },
    errors,
    get errorCount() {
      return errorCount
    },
    warningCountsByCode,
    warningSamples,
  }
}
