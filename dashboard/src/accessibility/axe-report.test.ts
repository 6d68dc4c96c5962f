import { describe, expect, it } from 'vitest'
import { formatViolations, isBlocking, type AxeViolation } from './axe-report.js'

const contrast: AxeViolation = {
  id: 'color-contrast', impact: 'serious', help: 'Elements must meet minimum color contrast ratio thresholds',
  nodes: [{ target: ['.kpis dd'], failureSummary: 'Fix any of the following:\n  Element has insufficient color contrast of 3.1' }],
}

describe('axe report', () => {
  it('names the rule, its impact, the element and the fix, one line per element', () => {
    expect(formatViolations('rider home (en)', [contrast])).toEqual([
      'rider home (en): color-contrast [serious] [".kpis dd"] — Elements must meet minimum color contrast ratio thresholds (Fix any of the following: Element has insufficient color contrast of 3.1)',
    ])
  })

  it('blocks on serious and critical only', () => {
    expect(isBlocking(contrast)).toBe(true)
    expect(isBlocking({ ...contrast, impact: 'critical' })).toBe(true)
    expect(isBlocking({ ...contrast, impact: 'moderate' })).toBe(false)
    expect(isBlocking({ ...contrast, impact: null })).toBe(false)
  })
})
