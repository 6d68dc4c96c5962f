import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Passwords kept as scrypt hashes: 'scrypt$N$r$p$salt$hash' (salt and hash base64url), each with the parameters
 * it was made with, so the cost can be raised without breaking stored ones: a hash made at a lower cost still
 * verifies, and is made again at the current cost on its account's next successful sign-in (`needsRehash`).
 * Node's own scrypt; comparison in constant time.
 *
 * N = 2^17, r = 8, p = 1 by default (API_PASSWORD_SCRYPT_N): about 0.3 s and 128 MiB a hash. Node runs at most
 * UV_THREADPOOL_SIZE (4) at once, so sign-ins take at most about 512 MiB together.
 */
export const DEFAULT_SCRYPT_N = 2 ** 17
const R = 8
const P = 1
const KEY_LENGTH = 32
/** Stored hashes claiming more than this are refused unread (a tampered row must not exhaust the memory). */
const MAX_N = 2 ** 20

export interface PasswordCheck {
  valid: boolean
  /** Valid, and made at a lower cost than the current one: hash it again and store that. */
  needsRehash: boolean
}

export interface PasswordHasher {
  /** scrypt's N for new hashes. */
  readonly n: number
  hash(password: string): Promise<string>
  verify(password: string, stored: string): Promise<PasswordCheck>
  /** The work of `verify` at the current cost against a hash that matches nothing: for an unknown username. */
  verifyNothing(password: string): Promise<PasswordCheck>
  /** That hash: the current parameters, a key no password derives (all zeros). */
  readonly unknownUserHash: string
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes (128 MiB at N = 2^17): maxmem leaves room for that and its small extras.
  const maxmem = 256 * n * r * p
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))))
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0

export function createPasswordHasher(options: { n?: number } = {}): PasswordHasher {
  const n = options.n ?? DEFAULT_SCRYPT_N
  if (!isPowerOfTwo(n) || n > MAX_N) throw new Error(`scrypt N must be a power of two up to ${MAX_N}, not ${n}`)
  const nothing = `scrypt$${n}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`

  async function verify(password: string, stored: string): Promise<PasswordCheck> {
    const [scheme, storedN, storedR, storedP, salt, hash] = stored.split('$')
    const [sn, sr, sp] = [Number(storedN), Number(storedR), Number(storedP)]
    if (scheme !== 'scrypt' || !salt || !hash || !isPowerOfTwo(sn) || sn > MAX_N || !(sr >= 1 && sr <= 32) || !(sp >= 1 && sp <= 16)) return { valid: false, needsRehash: false }
    const expected = Buffer.from(hash, 'base64url')
    const key = await derive(password, Buffer.from(salt, 'base64url'), sn, sr, sp)
    const valid = key.length === expected.length && timingSafeEqual(key, expected)
    return { valid, needsRehash: valid && (sn < n || sr !== R || sp !== P) }
  }

  return {
    n,
    async hash(password) {
      const salt = randomBytes(16)
      const key = await derive(password, salt, n, R, P)
      return `scrypt$${n}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
    },
    verify,
    async verifyNothing(password) {
      await verify(password, nothing)
      return { valid: false, needsRehash: false }
    },
    unknownUserHash: nothing,
  }
}
