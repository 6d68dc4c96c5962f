import { describe, expect, it } from 'vitest'
import { createPasswordHasher, DEFAULT_SCRYPT_N } from './passwords.js'

// Low costs keep this fast; the default's own cost is checked once.
describe('password hashes', () => {
  it('hash at the current cost, with their parameters, and verify', async () => {
    const hasher = createPasswordHasher({ n: 2 ** 15 })
    const stored = await hasher.hash('correct horse')
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1'])
    expect(await hasher.verify('correct horse', stored)).toEqual({ valid: true, needsRehash: false })
    expect(await hasher.verify('wrong horse', stored)).toEqual({ valid: false, needsRehash: false })
  })

  it('ask for a hash of a lower cost to be made again, only when the password was right, and never for a lower current cost', async () => {
    const old = await createPasswordHasher({ n: 2 ** 14 }).hash('correct horse')
    const current = createPasswordHasher({ n: 2 ** 15 })
    expect(await current.verify('correct horse', old)).toEqual({ valid: true, needsRehash: true })
    expect(await current.verify('wrong horse', old)).toEqual({ valid: false, needsRehash: false })
    expect(await createPasswordHasher({ n: 2 ** 14 }).verify('correct horse', await current.hash('correct horse'))).toEqual({ valid: true, needsRehash: false })
  })

  it('check an unknown user against a hash at the current cost that nothing matches', async () => {
    const hasher = createPasswordHasher({ n: 2 ** 15 })
    expect(hasher.unknownUserHash.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1'])
    expect(await hasher.verifyNothing('')).toEqual({ valid: false, needsRehash: false })
    expect(await hasher.verifyNothing('AAAAAAAA')).toEqual({ valid: false, needsRehash: false })
  })

  it('refuse stored hashes that are not scrypt or claim an absurd cost, without deriving anything', async () => {
    const hasher = createPasswordHasher({ n: 2 ** 14 })
    for (const stored of ['', 'bcrypt$x', 'scrypt$1073741824$8$1$AAAA$AAAA', 'scrypt$1000$8$1$AAAA$AAAA', 'scrypt$16384$64$1$AAAA$AAAA']) {
      expect(await hasher.verify('pw', stored)).toEqual({ valid: false, needsRehash: false })
    }
    expect(() => createPasswordHasher({ n: 1000 })).toThrow(/power of two/)
  })

  it('hash at N = 2^17 by default (more memory than scrypt allows by default: maxmem is set)', async () => {
    const hasher = createPasswordHasher()
    expect(hasher.n).toBe(DEFAULT_SCRYPT_N)
    expect(DEFAULT_SCRYPT_N).toBe(131_072)
    const stored = await hasher.hash('correct horse')
    expect(stored.split('$')[1]).toBe('131072')
    expect((await hasher.verify('correct horse', stored)).valid).toBe(true)
  }, 30_000)
})
