/**
 * axe-core's results made readable in a test's output: one line per violation and element (rule, impact, target,
 * what axe says to fix), and the serious or critical ones picked out — the issue's bar is zero of those.
 */
export interface AxeNode {
  target: unknown[]
  failureSummary?: string
}
export interface AxeViolation {
  id: string
  impact?: string | null
  help: string
  nodes: AxeNode[]
}

export const BLOCKING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical'])

/** The WCAG 2.0 and 2.1 A and AA rules (axe's tags), which the issue asks for. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export function isBlocking(violation: AxeViolation): boolean {
  return violation.impact != null && BLOCKING_IMPACTS.has(violation.impact)
}

export function formatViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const fix = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim()
      return `${where}: ${violation.id} [${violation.impact ?? 'none'}] ${JSON.stringify(node.target)} — ${violation.help}${fix ? ` (${fix})` : ''}`
    }),
  )
}
