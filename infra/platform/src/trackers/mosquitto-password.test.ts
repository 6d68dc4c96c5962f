import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generatePassword, hashMosquittoPassword, verifyMosquittoPassword } from './mosquitto-password.js'

describe('hashMosquittoPassword', () => {
  it('writes the $7$ PBKDF2-SHA512 format and verifies only the right password', () => {
    const hash = hashMosquittoPassword('s3cret-tracker')
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/)
    expect(verifyMosquittoPassword('s3cret-tracker', hash)).toBe(true)
    expect(verifyMosquittoPassword('s3cret-trackeR', hash)).toBe(false)
    expect(hashMosquittoPassword('s3cret-tracker')).not.toBe(hash) // a fresh salt each time
  })

  it('reads the hashes mosquitto_passwd itself writes', (context) => {
    if (!existsSync('/usr/bin/mosquitto_passwd')) return context.skip('SKIPPED: no mosquitto_passwd (apt-get install mosquitto)')
    const dir = mkdtempSync(join(tmpdir(), 'masar-passwd-'))
    try {
      const file = join(dir, 'passwd')
      execFileSync('/usr/bin/mosquitto_passwd', ['-c', '-b', file, 'bus-0001', 'from-mosquitto'])
      const hash = readFileSync(file, 'utf8').trim().split(':')[1]!
      expect(verifyMosquittoPassword('from-mosquitto', hash)).toBe(true)
      expect(verifyMosquittoPassword('not-it', hash)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('generates long random passwords', () => {
    const a = generatePassword()
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(generatePassword()).not.toBe(a)
  })
})
