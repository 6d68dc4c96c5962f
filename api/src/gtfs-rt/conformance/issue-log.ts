import type { Issue } from './conformance-report.js'
import { severityOf, type RuleId } from './rule-catalog.js'

/** Collects issues while the rules run: counts every one, keeps the first `samplesPerRule` of each rule. */
export class IssueLog {
  readonly #samplesPerRule: number
  readonly #samples: Issue[] = []
  readonly #counts = new Map<RuleId, number>()

  constructor(samplesPerRule: number) {
    this.#samplesPerRule = samplesPerRule
  }

  add(rule: RuleId, entityId: string | undefined, message: string): void {
    const count = (this.#counts.get(rule) ?? 0) + 1
    this.#counts.set(rule, count)
    if (count > this.#samplesPerRule) return
    this.#samples.push({ rule, severity: severityOf(rule), ...(entityId === undefined ? {} : { entityId }), message })
  }

  samples(): readonly Issue[] {
    return this.#samples
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1)))
  }
}
