import { describe, expect, it } from 'vitest'
import { ISSUE_CODES } from './issue-codes.js'

describe('ISSUE_CODES', () => {
  it('are UPPER_SNAKE with the GTFS_ prefix, each with a one-line meaning', () => {
    for (const [code, { meaning }] of Object.entries(ISSUE_CODES)) {
      expect(code).toMatch(/^GTFS_[A-Z0-9]+(_[A-Z0-9]+)*$/)
      expect(meaning).not.toMatch(/\n/)
    }
  })
})
