import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { RULE_CATALOG, RULE_IDS } from './rule-catalog.js'

const RULES_MD = fileURLToPath(new URL('../../../../../shared/data/spec/gtfs-realtime-validator-rules/RULES.md', import.meta.url))

describe.skipIf(!existsSync(RULES_MD))('the rule catalog and RULES.md', () => {
  it('lists every rule of RULES.md\'s tables, with its title', () => {
    const rows = [...readFileSync(RULES_MD, 'utf8').matchAll(/^\| \[([EW]\d{3})\]\(#\1\) \| (.+)$/gm)].map(([, id, title]) => [id!, title!.replace(/`/g, '').trim()] as const)
    expect(rows).toHaveLength(48 + 9) // PROVENANCE.md: 48 errors, 9 warnings
    expect(RULE_IDS).toEqual(rows.map(([id]) => id))
    for (const [id, title] of rows) {
      // E010's title carries a note in RULES.md ("Note that this is implemented but not executed …").
      expect(RULE_CATALOG[id as keyof typeof RULE_CATALOG].title, id).toBe(id === 'E010' ? title.split(' (Note')[0] : title)
    }
  })
})

if (!existsSync(RULES_MD)) {
  describe('the rule catalog and RULES.md', () => {
    it.skip(`skipped: ${RULES_MD} is absent (it sits beside the repository on the project's machines)`, () => {})
  })
}
