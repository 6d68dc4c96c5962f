import type { RuleId } from './rule-catalog.js'

/** One finding: which rule, how bad, which feed entity, and a sentence saying what is wrong with which value. */
export interface Issue {
  rule: RuleId
  severity: 'error' | 'warning'
  entityId?: string
  message: string
}

/**
 * The result of checking one feed message. `errors` and `warnings` hold samples (a few per rule);
 * `countsByRule` counts every occurrence. Rules that do not apply to the feed's kind are in neither list.
 */
export interface ConformanceReport {
  /** No errors (warnings allowed). */
  ok: boolean
  errors: Issue[]
  warnings: Issue[]
  /** Occurrences of each rule (RuleId) that was broken at least once. */
  countsByRule: Record<string, number>
  rulesChecked: RuleId[]
  rulesNotCheckable: Array<{ rule: RuleId; why: string }>
}
